import { useEffect, useMemo, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { serviceName } from '../api/services';
import { describeRefusal, explainGraphQLError } from '../api/refusal';
import { formatDay, formatMoment } from '../format';
import { useI18n } from '../i18n/context';
import type { PlannedCampaign } from './CampaignPage';
import { cell, changedSince, copyTargets, fillService, gridOf, lastCampaign, MAX_TARGET, readGrid, withCell, type PastCampaign, type TargetFigure } from './targets';

const SAVE = `mutation Save($c: ID!, $t: [TargetInput!]!) { setTargets(campaignId: $c, targets: $t) { wardId service count } }`;
const PAST = `query Past { campaigns { id name date wardIds targets { wardId service count } } }`;

type Notice = { text: string; error?: boolean };

/** Targets per ward and service, with one figure for every ward of a service and a copy of the last campaign's. */
export function TargetsGrid({ campaign, onSaved }: { campaign: PlannedCampaign; onSaved: (targets: TargetFigure[]) => void }) {
  const { t, lang } = useI18n();
  const wardIds = useMemo(() => campaign.wards.map((w) => w.id), [campaign.wards]);
  const codes = useMemo(() => campaign.services.map((s) => s.code), [campaign.services]);
  const [grid, setGrid] = useState(() => gridOf(campaign.targets));
  const [invalid, setInvalid] = useState<string[]>([]);
  const [fill, setFill] = useState({ service: codes[0] ?? '', figure: '' });
  const [source, setSource] = useState<PastCampaign | null | undefined>();
  const [savedAt, setSavedAt] = useState<Date | undefined>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | undefined>();

  useEffect(() => {
    // Without the other campaigns the grid still works; only the copy is not offered.
    gql<{ campaigns: PastCampaign[] }>(PAST).then((d) => setSource(lastCampaign(campaign.id, wardIds, d.campaigns) ?? null), () => setSource(null));
  }, [campaign.id, wardIds]);

  const changed = changedSince(grid, campaign.targets, wardIds, codes);
  const key = (wardId: string, service: string) => `${wardId}/${service}`;
  const wardName = (id: string) => campaign.wards.find((w) => w.id === id)?.name ?? id;

  const applyFill = (event: SubmitEvent) => {
    event.preventDefault();
    setGrid(fillService(grid, wardIds, fill.service, fill.figure.trim()));
    setNotice({ text: t('targets.filled', { service: serviceName(campaign.services, fill.service, lang), figure: fill.figure.trim() || '0', count: wardIds.length }) });
  };

  const copy = () => {
    if (!source) return;
    const copied = copyTargets(grid, wardIds, codes, source.targets);
    setGrid(copied.grid);
    setNotice({ text: t('targets.copied', { count: copied.copied, name: source.name }) });
  };

  const save = async () => {
    const read = readGrid(grid, wardIds, codes);
    if (!read.ok) {
      setInvalid(read.invalid.map((c) => key(c.wardId, c.service)));
      const first = read.invalid[0]!;
      document.getElementById(`target-${first.wardId}-${first.service}`)?.focus();
      return setNotice({
        text: t('targets.invalid', { count: read.invalid.length, ward: wardName(first.wardId), service: serviceName(campaign.services, first.service, lang), max: MAX_TARGET }),
        error: true,
      });
    }
    setInvalid([]);
    setBusy(true);
    setNotice(undefined);
    try {
      const saved = (await gql<{ setTargets: TargetFigure[] }>(SAVE, { c: campaign.id, t: read.targets })).setTargets;
      const mine = saved.filter((x) => wardIds.includes(x.wardId));
      setGrid(gridOf(mine));
      setSavedAt(new Date());
      onSaved(mine);
    } catch (error) {
      setNotice({ text: describeRefusal(explainGraphQLError(error), t), error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="targets" aria-labelledby="targets-h">
      <h2 id="targets-h">{t('targets.title')}</h2>
      <p class="muted">{t('targets.lead')}</p>
      <div class="target-tools">
        <form class="fill" onSubmit={applyFill} aria-label={t('targets.fill')}>
          <div class="field">
            <label for="fill-service">{t('targets.fill.service')}</label>
            <select id="fill-service" value={fill.service} onChange={(e) => setFill({ ...fill, service: e.currentTarget.value })}>
              {campaign.services.map((s) => (
                <option key={s.code} value={s.code}>{serviceName(campaign.services, s.code, lang)}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="fill-figure">{t('targets.fill.figure')}</label>
            <input id="fill-figure" type="number" inputMode="numeric" min={0} max={MAX_TARGET} step={1} value={fill.figure}
              onInput={(e) => setFill({ ...fill, figure: e.currentTarget.value })} />
          </div>
          <button type="submit">{t('targets.fill.apply', { count: wardIds.length })}</button>
        </form>
        <div class="copy">
          {source ? (
            <button type="button" onClick={copy}>{t('targets.copy', { name: source.name, day: formatDay(lang, source.date) })}</button>
          ) : (
            source === null && <p class="muted">{t('targets.copy.none')}</p>
          )}
        </div>
      </div>
      <div class="table-wrap">
        <table class="data target-grid">
          <thead>
            <tr>
              <th scope="col">{t('targets.col.ward')}</th>
              {campaign.services.map((s) => (
                <th scope="col" key={s.code}>{serviceName(campaign.services, s.code, lang)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {campaign.wards.map((w) => (
              <tr key={w.id}>
                <th scope="row">{w.name}</th>
                {campaign.services.map((s) => {
                  const bad = invalid.includes(key(w.id, s.code));
                  return (
                    <td key={s.code}>
                      <input
                        id={`target-${w.id}-${s.code}`}
                        class="target"
                        type="text"
                        inputMode="numeric"
                        aria-label={t('targets.cell', { ward: w.name, service: serviceName(campaign.services, s.code, lang) })}
                        aria-invalid={bad || undefined}
                        value={cell(grid, w.id, s.code)}
                        onInput={(e) => setGrid(withCell(grid, w.id, s.code, e.currentTarget.value))}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="tool-actions">
        <button type="button" class="primary" disabled={busy} onClick={() => void save()}>{busy ? t('targets.saving') : t('targets.save')}</button>
      </div>
      <p class={`status ${notice?.error ? 'error' : ''}`} role="status" aria-live="polite">{notice?.text}</p>
      <p class="saved-state" data-testid="targets-state">
        {changed ? t('targets.unsaved') : savedAt ? t('targets.savedAt', { at: formatMoment(lang, savedAt) }) : t('targets.upToDate')}
      </p>
    </section>
  );
}
