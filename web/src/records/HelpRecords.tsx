import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { serviceName } from '../api/services';
import type { Channel, Outcome, Procedure, Service } from '../api/schema.generated';
import { Field, SelectField, SubmitForm, text } from '../components/Form';
import { StatusLine, useOutcome } from '../components/Status';
import { formatMoment, formatNumber } from '../format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';

export interface HelpRecord {
  recordId: string;
  volunteerId: string;
  volunteer: { name: string };
  place: { name: string };
  service: string;
  procedure: Procedure | null;
  channel: Channel;
  outcome: Outcome;
  minutes: number;
  occurredAt: string;
  voided: boolean;
  voidReason: string | null;
}

const RECORDS_QUERY = `query Records($c: ID!, $s: ID!, $n: Int!) {
  campaign(id: $c) { services { code name nameEn } }
  helpRecords(campaignId: $c, scopeId: $s, limit: $n) {
    recordId volunteerId volunteer { name } place { name } service procedure channel outcome minutes occurredAt voided voidReason } }`;
const VOID = `mutation Void($c: ID!, $v: ID!, $r: ID!, $why: String!) {
  voidHelp(campaignId: $c, volunteerId: $v, recordId: $r, reason: $why) { alreadyVoided } }`;

/** The reasons a reviewer picks from; "other" asks for their own words. */
export const VOID_REASONS: readonly MessageKey[] = ['records.reason.duplicate', 'records.reason.service', 'records.reason.minutes', 'records.reason.test'];
const OTHER = 'other';
const PAGE = 100;

/**
 * The help records of a ward or a team, newest first, for whoever may correct them: each live one can be
 * voided with a reason, and a voided one stays listed with its reason, as the server keeps it.
 */
export function HelpRecords({ campaignId, scopeId }: { campaignId: string; scopeId: string }) {
  const { t, lang } = useI18n();
  const [records, setRecords] = useState<HelpRecord[] | undefined>();
  const [services, setServices] = useState<Service[]>([]);
  const [voiding, setVoiding] = useState<string | undefined>();
  const { outcome, done, failed } = useOutcome();

  const load = () =>
    gql<{ campaign: { services: Service[] }; helpRecords: HelpRecord[] }>(RECORDS_QUERY, { c: campaignId, s: scopeId, n: PAGE })
      .then((d) => {
        setServices(d.campaign.services);
        setRecords(d.helpRecords);
      })
      .catch(failed);
  useEffect(() => void load(), [campaignId, scopeId]);

  return (
    <section aria-labelledby="records-h" class="records">
      <h2 id="records-h">{t('records.title')}</h2>
      <p class="muted">{t('records.lead', { count: formatNumber(lang, PAGE) })}</p>
      <StatusLine outcome={outcome} />
      {records?.length === 0 && <p class="muted">{t('records.none')}</p>}
      <ul class="record-list">
        {records?.map((r) => (
          <li key={r.recordId} class={r.voided ? 'voided' : undefined} data-record={r.recordId}>
            <p>
              <time dateTime={r.occurredAt}>{formatMoment(lang, r.occurredAt)}</time> · <strong>{r.volunteer.name}</strong> · {r.place.name}
            </p>
            <p>
              {serviceName(services, r.service, lang)}
              {r.procedure && ` (${t(`procedure.${r.procedure}` as MessageKey)})`} · {t(`channel.${r.channel}` as MessageKey)} ·{' '}
              {t(`outcome.${r.outcome}` as MessageKey)} · {t('records.minutes', { minutes: formatNumber(lang, r.minutes) })}
            </p>
            {r.voided ? (
              <p class="tag tag-voided">{t('records.voided', { reason: r.voidReason ?? '' })}</p>
            ) : voiding === r.recordId ? (
              <VoidForm
                record={r}
                onVoid={async (reason) => {
                  await gql(VOID, { c: campaignId, v: r.volunteerId, r: r.recordId, why: reason });
                  setVoiding(undefined);
                  done(t('records.voidedNow', { name: r.volunteer.name }));
                  await load();
                }}
                onCancel={() => setVoiding(undefined)}
              />
            ) : (
              <button type="button" onClick={() => setVoiding(r.recordId)} aria-label={t('records.void.label', { name: r.volunteer.name, time: formatMoment(lang, r.occurredAt) })}>
                {t('records.void')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function VoidForm({ record, onVoid, onCancel }: { record: HelpRecord; onVoid: (reason: string) => Promise<void>; onCancel: () => void }) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<string>(VOID_REASONS[0]!);
  const id = `void-${record.recordId}`;
  return (
    <div class="void-form">
      <SubmitForm
        label={t('records.void.form', { name: record.volunteer.name })}
        submit={t('records.void.confirm')}
        onSubmit={(values) => onVoid(choice === OTHER ? text(values, `${id}-other`) : t(choice as MessageKey))}
      >
        <SelectField
          id={`${id}-reason`}
          field={choice === OTHER ? 'none' : 'reason'}
          label={t('records.reason')}
          value={choice}
          onChange={(e) => setChoice(e.currentTarget.value)}
          options={[...VOID_REASONS.map((key) => ({ value: key, label: t(key) })), { value: OTHER, label: t('records.reason.other') }]}
        />
        {choice === OTHER && <Field id={`${id}-other`} field="reason" label={t('records.reason.own')} maxLength={500} />}
      </SubmitForm>
      <button type="button" class="link" onClick={onCancel}>
        {t('records.void.cancel')}
      </button>
    </div>
  );
}
