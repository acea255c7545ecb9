import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { describeRefusal, explainGraphQLError } from '../api/refusal';
import { formatMoment, formatNumber } from '../format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { blockers, depthOf, type LevelClosing } from './figures';
import { DataTable } from '../components/DataTable';

const LEVEL_FIELDS = 'unitId parentId unit { name kind } status current { helps } closed { closedBy closedAt checksum figures { helps } }';
const LEVELS = `query Closings($c: ID!, $u: ID!) { figuresClosings(campaignId: $c, unitId: $u) { ${LEVEL_FIELDS} } }`;
const CLOSE = `mutation CloseFigures($c: ID!, $u: ID!) { closeFigures(campaignId: $c, unitId: $u) { unitId } }`;

const COLUMNS: MessageKey[] = ['closing.col.level', 'closing.col.status', 'closing.col.helps', 'closing.col.closed', 'closing.col.action'];

/**
 * Closing the figures (chốt số liệu) of a campaign level by level, from `unitId` down: the ward's official
 * closes the ward, the organiser each district and the province once all below are closed. A level that
 * cannot close yet says which levels below hold it up instead of offering the button.
 */
export function FiguresClosing({ campaignId, unitId }: { campaignId: string; unitId: string }) {
  const { t, lang } = useI18n();
  const [levels, setLevels] = useState<LevelClosing[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();

  const load = async () => {
    try {
      setLevels((await gql<{ figuresClosings: LevelClosing[] }>(LEVELS, { c: campaignId, u: unitId })).figuresClosings);
    } catch (error) {
      setProblem(describeRefusal(explainGraphQLError(error), t));
    }
  };
  useEffect(() => void load(), [campaignId, unitId]);

  const close = async (level: LevelClosing) => {
    setBusy(level.unitId);
    setProblem(undefined);
    try {
      await gql(CLOSE, { c: campaignId, u: level.unitId });
    } catch (error) {
      const refusal = explainGraphQLError(error);
      setProblem(`${describeRefusal(refusal, t)}${refusal.detail ? ` (${refusal.detail})` : ''}`);
    } finally {
      setBusy(undefined);
      await load();
    }
  };

  return (
    <section class="closing" aria-labelledby="closing-h">
      <h2 id="closing-h">{t('closing.title')}</h2>
      <p class="muted">{t('closing.lead')}</p>
      {problem && <p class="status error" role="alert">{problem}</p>}
      {!levels && !problem && <p>{t('common.loading')}</p>}
      {levels && (
        <DataTable class="closing-table" columns={COLUMNS}>
          {levels.map((level) => {
            const waiting = blockers(levels, level.unitId);
            return (
              <tr key={level.unitId} data-unit={level.unitId} data-status={level.status}>
                <th scope="row" style={{ paddingLeft: `${0.5 + depthOf(levels, level) * 1.2}rem` }}>{level.unit.name}</th>
                <td><span class={`tag tag-closing-${level.status}`}>{t(`closing.status.${level.status}` as MessageKey)}</span></td>
                <td>
                  {formatNumber(lang, level.current.helps)}
                  {level.closed && level.closed.figures.helps !== level.current.helps && (
                    <span class="muted"> {t('closing.wasClosed', { helps: formatNumber(lang, level.closed.figures.helps) })}</span>
                  )}
                </td>
                <td>
                  {level.closed ? (
                    <>
                      {t('closing.closedBy', { by: level.closed.closedBy, at: formatMoment(lang, level.closed.closedAt) })}
                      <br />
                      <code title={level.closed.checksum}>{level.closed.checksum.slice(0, 12)}</code>
                    </>
                  ) : '—'}
                </td>
                <td>
                  {level.status === 'CLOSED' ? (
                    '✓'
                  ) : waiting.length > 0 ? (
                    <span class="muted" data-testid="closing-waiting">
                      {t('closing.waiting', { units: waiting.map((w) => `${w.unit.name} (${t(`closing.status.${w.status}` as MessageKey)})`).join(', ') })}
                    </span>
                  ) : (
                    <button type="button" disabled={busy !== undefined} onClick={() => void close(level)}>
                      {t(level.status === 'AMENDED' ? 'closing.closeAgain' : 'closing.close')}
                    </button>
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
