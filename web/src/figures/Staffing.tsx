import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { describeRefusal, explainGraphQLError } from '../api/refusal';
import { formatNumber } from '../format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import type { CampaignStaffing as CampaignStaffingOfSchema, Unit, WardStaffing as WardStaffingOfSchema } from '../api/schema.generated';
import { DataTable } from '../components/DataTable';

type WardStaffing = Omit<WardStaffingOfSchema, 'ward'> & { ward: Pick<Unit, 'name'> };

type CampaignStaffing = Pick<CampaignStaffingOfSchema, 'dayStarted' | 'dayHoursLeft'> & { wards: WardStaffing[] };

const STAFFING = `query Staffing($c: ID!) { staffing(campaignId: $c) { dayStarted dayHoursLeft
  wards { wardId ward { name } helpsTargeted helpsToGo hoursNeeded rosterVolunteers volunteersOnDuty hoursServed hoursAvailable shortfall } } }`;

const COLUMNS: MessageKey[] = ['targets.col.ward', 'staffing.col.toGo', 'staffing.col.needed', 'staffing.col.volunteers', 'staffing.col.available', 'staffing.col.served', 'staffing.col.shortfall'];

/** Volunteer-hours each ward needs for its targets, from the minutes recorded per help, against those it has: wards short first. */
export function Staffing({ campaignId }: { campaignId: string }) {
  const { t, lang } = useI18n();
  const [staffing, setStaffing] = useState<CampaignStaffing | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const load = () =>
    gql<{ staffing: CampaignStaffing }>(STAFFING, { c: campaignId })
      .then((d) => setStaffing(d.staffing), (error) => setProblem(describeRefusal(explainGraphQLError(error), t)));
  useEffect(() => void load(), [campaignId]);

  const hours = (value: number | null) => (value === null ? t('staffing.unmeasured') : formatNumber(lang, value, 1));
  const wards = staffing && [...staffing.wards].sort((a, b) => (b.shortfall ?? -1) - (a.shortfall ?? -1) || a.ward.name.localeCompare(b.ward.name, lang));
  return (
    <section class="staffing" aria-labelledby="staffing-h">
      <h2 id="staffing-h">{t('staffing.title')}</h2>
      <p class="muted">{t(staffing?.dayStarted ? 'staffing.leadDuring' : 'staffing.leadBefore')}</p>
      <div class="tool-actions"><button type="button" onClick={() => void load()}>{t('readiness.refresh')}</button></div>
      {problem && <p class="status error" role="alert">{problem}</p>}
      {wards && (
        <DataTable class="staffing-table" columns={COLUMNS}>
          {wards.map((w) => (
            <tr key={w.wardId} data-ward={w.wardId}>
              <th scope="row">{w.ward.name}</th>
              <td>{formatNumber(lang, w.helpsToGo)}/{formatNumber(lang, w.helpsTargeted)}</td>
              <td>{hours(w.hoursNeeded)}</td>
              <td>{formatNumber(lang, staffing.dayStarted ? w.volunteersOnDuty : w.rosterVolunteers)}</td>
              <td>{formatNumber(lang, w.hoursAvailable, 1)}</td>
              <td>{formatNumber(lang, w.hoursServed, 1)}</td>
              <td>{w.shortfall ? <span class="tag tag-UNCOVERED">{hours(w.shortfall)}</span> : w.shortfall === 0 ? <span class="tag tag-COVERED">{t('staffing.enough')}</span> : hours(null)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
