import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { describeRefusal, explainGraphQLError } from '../api/refusal';
import { formatClock, formatNumber } from '../format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { byNeed, problemsOf, type WardReadiness } from './readiness';
import { DataTable } from '../components/DataTable';

const READINESS = `query Readiness($c: ID!) { readiness(campaignId: $c) { wardId ward { name } teams volunteers volunteersOnDuty places uncoveredPlaces } }`;

const COLUMNS: MessageKey[] = [
  'targets.col.ward',
  'readiness.col.teams',
  'readiness.col.volunteers',
  'readiness.col.onDuty',
  'readiness.col.uncovered',
  'readiness.col.problems',
];

/** Which wards of the campaign have no team, no volunteers or places no team covers, as of now. */
export function Readiness({ campaignId }: { campaignId: string }) {
  const { t, lang } = useI18n();
  const [rows, setRows] = useState<WardReadiness[] | undefined>();
  const [at, setAt] = useState<Date | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      setRows((await gql<{ readiness: WardReadiness[] }>(READINESS, { c: campaignId })).readiness);
      setAt(new Date());
    } catch (error) {
      setProblem(describeRefusal(explainGraphQLError(error), t));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => void load(), [campaignId]);

  const needing = rows?.filter((r) => problemsOf(r).length > 0).length ?? 0;
  const shown = rows && byNeed(rows, lang).filter((r) => !problemsOnly || problemsOf(r).length > 0);
  return (
    <section class="readiness" aria-labelledby="readiness-h">
      <h2 id="readiness-h">{t('readiness.title')}</h2>
      <p class="muted">{t('readiness.lead')}</p>
      <div class="tool-actions">
        <button type="button" disabled={busy} onClick={() => void load()}>{t('readiness.refresh')}</button>
        <label class="inline">
          <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.currentTarget.checked)} /> {t('readiness.problemsOnly')}
        </label>
      </div>
      {problem && <p class="status error" role="alert">{problem}</p>}
      {rows && at && (
        <p class="summary" role="status">
          {t('readiness.summary', { needing: formatNumber(lang, needing), total: formatNumber(lang, rows.length), at: formatClock(lang, at) })}
        </p>
      )}
      {shown && (
        <DataTable class="readiness-table" columns={COLUMNS}>
          {shown.map((r) => {
            const problems = problemsOf(r);
            return (
              <tr key={r.wardId} data-ward={r.wardId}>
                <th scope="row">
                  <a href={`ward.html?campaign=${encodeURIComponent(campaignId)}&ward=${encodeURIComponent(r.wardId)}`}>{r.ward.name}</a>
                </th>
                <td>{formatNumber(lang, r.teams)}</td>
                <td>{formatNumber(lang, r.volunteers)}</td>
                <td>{formatNumber(lang, r.volunteersOnDuty)}</td>
                <td>{t('readiness.uncoveredOf', { uncovered: formatNumber(lang, r.uncoveredPlaces), places: formatNumber(lang, r.places) })}</td>
                <td>
                  {problems.length === 0 ? (
                    <span class="tag tag-COVERED">{t('readiness.ready')}</span>
                  ) : (
                    <ul class="problem-tags">
                      {problems.map((p) => (
                        <li key={p} class="tag tag-UNCOVERED">{t(`readiness.problem.${p}` as MessageKey, { count: r.uncoveredPlaces })}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}
