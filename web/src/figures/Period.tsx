import { useEffect, useState } from 'preact/hooks';
import { saveFile, textFile } from '../api/download';
import { gql } from '../api/graphql';
import { describeRefusal, explainGraphQLError } from '../api/refusal';
import type { Service } from '../api/schema.generated';
import { fileDay, formatDay, formatNumber } from '../format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { countOf, enumOf, FIGURES_FIELDS, periodCsv, presetRange, type PeriodCounts, type Preset, type UnitPeriod } from './figures';

const PERIOD = `query Period($u: ID!, $from: DateOnly!, $to: DateOnly!) { periodCounts(unitId: $u, from: $from, to: $to) {
  from to campaignIds total { unitId unit { name kind } volunteerHours volunteers figures { ${FIGURES_FIELDS} } }
  units { unitId unit { name kind } volunteerHours volunteers figures { ${FIGURES_FIELDS} } } } }`;
const CATALOGUE = 'query Catalogue { serviceCatalogue { code name nameEn } }';
const PRESETS: Preset[] = ['week', 'month', 'launch'];

/**
 * The organiser's units side by side over a range of campaign days: a week, a month, since the first day,
 * or any dates. Days are Vietnam's; a campaign counts in the period its date falls in.
 */
export function PeriodFigures({ unitId, launch }: { unitId: string; launch?: string }) {
  const { t, lang } = useI18n();
  const today = fileDay(new Date());
  const [range, setRange] = useState(() => presetRange('month', today, launch));
  const [period, setPeriod] = useState<PeriodCounts | undefined>();
  const [services, setServices] = useState<Service[]>([]);
  const [problem, setProblem] = useState<string | undefined>();

  useEffect(() => {
    gql<{ serviceCatalogue: Service[] }>(CATALOGUE).then((d) => setServices(d.serviceCatalogue), () => setServices([]));
  }, []);
  useEffect(() => {
    setProblem(undefined);
    gql<{ periodCounts: PeriodCounts }>(PERIOD, { u: unitId, from: range.from, to: range.to })
      .then((d) => setPeriod(d.periodCounts), (error) => setProblem(describeRefusal(explainGraphQLError(error), t)));
  }, [unitId, range.from, range.to]);

  const serviceName = (code: string) => {
    const service = services.find((s) => s.code === code);
    return service ? (lang === 'en' ? service.nameEn : service.name) : code;
  };
  const codes = period ? [...new Set(period.total.figures.byService.map((s) => s.key))].sort() : [];
  const exportCsv = () => {
    if (!period) return;
    const csv = periodCsv(period, {
      unit: t('period.col.unit'), helps: t('period.col.helps'), followUps: t('period.col.followUps'), minutes: t('period.col.minutes'),
      volunteers: t('period.col.volunteers'), hours: t('period.col.hours'),
    }, serviceName);
    saveFile(textFile(csv, `so-lieu-${period.total.unit.name.replace(/\s+/g, '-')}-${period.from}-${period.to}.csv`));
  };
  const row = (u: UnitPeriod, total = false) => (
    <tr key={u.unitId} class={total ? 'total' : undefined}>
      <th scope="row">{total ? t('period.total') : u.unit.name}</th>
      <td>{formatNumber(lang, u.figures.helps)}</td>
      <td>{formatNumber(lang, countOf(u.figures.byOutcome, 'follow-up'))}</td>
      <td>{formatNumber(lang, u.volunteers)}</td>
      <td>{formatNumber(lang, u.volunteerHours, 1)}</td>
      {codes.map((code) => <td key={code}>{formatNumber(lang, countOf(u.figures.byService, code))}</td>)}
    </tr>
  );

  return (
    <section class="period" aria-labelledby="period-h">
      <h2 id="period-h">{t('period.title')}</h2>
      <p class="muted">{t('period.lead')}</p>
      <div class="tool-actions">
        {PRESETS.map((preset) => (
          <button type="button" key={preset} onClick={() => setRange(presetRange(preset, today, launch))}>{t(`period.preset.${preset}`)}</button>
        ))}
        <label class="inline">{t('period.from')} <input type="date" value={range.from} max={range.to} onChange={(e) => e.currentTarget.value && setRange({ ...range, from: e.currentTarget.value })} /></label>
        <label class="inline">{t('period.to')} <input type="date" value={range.to} min={range.from} onChange={(e) => e.currentTarget.value && setRange({ ...range, to: e.currentTarget.value })} /></label>
        <button type="button" disabled={!period} onClick={exportCsv}>{t('period.csv')}</button>
      </div>
      {problem && <p class="status error" role="alert">{problem}</p>}
      {period && (
        <>
          <p class="summary" role="status" data-testid="period-summary">
            {t('period.summary', { from: formatDay(lang, period.from), to: formatDay(lang, period.to), days: formatNumber(lang, period.campaignIds.length) })}
          </p>
          <div class="table-wrap">
            <table class="data period-table">
              <thead>
                <tr>
                  <th scope="col">{t('period.col.unit')}</th>
                  <th scope="col">{t('period.col.helps')}</th>
                  <th scope="col">{t('period.col.followUps')}</th>
                  <th scope="col">{t('period.col.volunteers')}</th>
                  <th scope="col">{t('period.col.hours')}</th>
                  {codes.map((code) => <th scope="col" key={code}>{serviceName(code)}</th>)}
                </tr>
              </thead>
              <tbody>
                {period.units.map((u) => row(u))}
                {row(period.total, true)}
              </tbody>
            </table>
          </div>
          {period.total.figures.byProcedure.length > 0 && (
            <p data-testid="period-procedures">
              {t('period.procedures')}{' '}
              {period.total.figures.byProcedure.map((p) => `${t(`procedure.${enumOf(p.key)}` as MessageKey)}: ${formatNumber(lang, p.count)}`).join(' · ')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
