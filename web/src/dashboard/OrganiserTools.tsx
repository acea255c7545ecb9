import { useEffect, useRef, useState } from 'preact/hooks';
import { fetchFile, saveFile } from '../api/download';
import { gql, GraphQLRequestError } from '../api/graphql';
import { explainFailure, HttpRefusal, type Explained, type Refusal } from '../api/refusal';
import type { Role } from '../api/session';
import { Field } from '../components/Form';
import { formatMoment } from '../format';
import { useI18n } from '../i18n/context';
import { closedNotice, MAX_LATE_SYNC_MINUTES, parseGrace, reportUrl, type DayState } from './campaignDay';

export interface DayCampaign extends DayState {
  id: string;
  name: string;
}

/** The day's fields a change of status answers with. */
export const DAY_FIELDS = 'id status closedAt lateSyncUntil';

type Notice = Explained & { error?: boolean };

/**
 * What staff do from the dashboard: the end-of-day report of the scope on screen (organisers and
 * ward officials, as the server allows), and, for organisers, starting and closing the day.
 */
export function OrganiserTools({
  role,
  campaign,
  scopeId,
  scopeName,
  onDayChanged,
}: {
  role: Role;
  campaign: DayCampaign;
  scopeId: string | null;
  scopeName: string;
  onDayChanged: (day: DayState) => void;
}) {
  const { t } = useI18n();
  return (
    <section id="tools" class="tools" aria-labelledby="tools-h">
      <h2 id="tools-h">{t('tools.title')}</h2>
      <div class="dash-grid">
        <ReportTools campaignId={campaign.id} scopeId={scopeId} scopeName={scopeName} />
        <CampaignDay campaign={campaign} mayChange={role === 'ORGANISER'} onDayChanged={onDayChanged} />
      </div>
      <p>
        <a href="import.html">{t('tools.import')}</a>
      </p>
    </section>
  );
}

/** Why a download or a change of the day failed; a refusal's own words stay in the sentence. */
export function problemOf(error: unknown): Notice {
  if (error instanceof GraphQLRequestError && error.errors.length > 0) {
    return { key: 'tools.problem.refused', params: { message: error.message }, error: true };
  }
  const refused = (_status: number, refusal: Refusal | undefined): Explained | undefined =>
    refusal && { key: 'tools.problem.refused', params: { message: refusal.message } };
  // A GraphQL answer with no errors to quote failed over HTTP: its status tells the session, the server and the network apart.
  const failure = error instanceof GraphQLRequestError ? new HttpRefusal(error.status) : error;
  return { ...explainFailure(failure, 'tools.problem', refused), error: true };
}

/** The notice's sentence, with the server's own words under it when it sent some. */
function NoticeText({ notice }: { notice: Notice | undefined }) {
  const { t } = useI18n();
  if (!notice) return null;
  return (
    <>
      {t(notice.key, notice.params)}
      {notice.detail && <small class="hint detail">{t('common.detail', { message: notice.detail })}</small>}
    </>
  );
}

function ReportTools({ campaignId, scopeId, scopeName }: { campaignId: string; scopeId: string | null; scopeName: string }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>();
  const [chart, setChart] = useState<string | undefined>();

  // The chart's object URL is this component's to give back, when replaced or when the page leaves.
  useEffect(() => () => chart && URL.revokeObjectURL(chart), [chart]);
  useEffect(() => setChart(undefined), [campaignId, scopeId, lang]);

  const download = async (file: '.csv' | '.xlsx' | '/progress.svg', fallback: string) => {
    setBusy(true);
    setNotice(undefined);
    try {
      const fetched = await fetchFile(reportUrl(campaignId, scopeId, lang, file), fallback);
      saveFile(fetched);
      setNotice({ key: 'tools.saved', params: { file: fetched.filename } });
    } catch (error) {
      setNotice(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const toggleChart = async () => {
    if (chart) return setChart(undefined);
    setBusy(true);
    setNotice(undefined);
    try {
      const fetched = await fetchFile(reportUrl(campaignId, scopeId, lang, '/progress.svg'), 'progress.svg');
      setChart(URL.createObjectURL(fetched.blob));
    } catch (error) {
      setNotice(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const base = `bao-cao-${campaignId}${scopeId ? `-${scopeId}` : ''}`;
  return (
    <div class="tool">
      <h3>{t('tools.report')}</h3>
      <p class="muted">{t('tools.report.lead', { scope: scopeName })}</p>
      <div class="tool-actions">
        <button type="button" disabled={busy} onClick={() => void download('.csv', `${base}.csv`)}>
          {t('tools.report.csv')}
        </button>
        <button type="button" disabled={busy} onClick={() => void download('.xlsx', `${base}.xlsx`)}>
          {t('tools.report.xlsx')}
        </button>
        <button type="button" disabled={busy} aria-expanded={chart !== undefined} onClick={() => void toggleChart()}>
          {t(chart ? 'tools.report.chartHide' : 'tools.report.chart')}
        </button>
        <button type="button" disabled={busy} onClick={() => void download('/progress.svg', `tien-do-${campaignId}.svg`)}>
          {t('tools.report.svg')}
        </button>
      </div>
      <p class={`status ${notice?.error ? 'error' : ''}`} role="status" aria-live="polite">
        {busy ? t('tools.busy') : <NoticeText notice={notice} />}
      </p>
      {chart && <img class="report-chart" src={chart} alt={t('tools.report.chartAlt', { scope: scopeName })} />}
    </div>
  );
}

type Confirming = { action: 'start' } | { action: 'close'; minutes: number | undefined } | undefined;

function CampaignDay({ campaign, mayChange, onDayChanged }: { campaign: DayCampaign; mayChange: boolean; onDayChanged: (day: DayState) => void }) {
  const { t, lang } = useI18n();
  const [grace, setGrace] = useState('');
  const [confirming, setConfirming] = useState<Confirming>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>();
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmButton.current?.focus(), [confirming]);

  const closed = closedNotice(campaign, Date.now());
  if (!mayChange && !closed) return null;

  const run = async () => {
    if (!confirming) return;
    setBusy(true);
    setNotice(undefined);
    try {
      const day =
        confirming.action === 'start'
          ? (await gql<{ startCampaign: DayState }>(`mutation Start($id: ID!) { startCampaign(id: $id) { ${DAY_FIELDS} } }`, { id: campaign.id })).startCampaign
          : (
              await gql<{ closeCampaign: DayState }>(`mutation Close($id: ID!, $m: Int) { closeCampaign(id: $id, lateSyncMinutes: $m) { ${DAY_FIELDS} } }`, {
                id: campaign.id,
                m: confirming.minutes ?? null,
              })
            ).closeCampaign;
      setConfirming(undefined);
      if (confirming.action === 'start') setNotice({ key: 'tools.started' });
      onDayChanged(day);
    } catch (error) {
      setNotice(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const askToClose = (event: SubmitEvent) => {
    event.preventDefault();
    const minutes = parseGrace(grace);
    if (minutes === null) return setNotice({ key: 'tools.close.invalid', error: true });
    setNotice(undefined);
    setConfirming({ action: 'close', minutes });
  };

  return (
    <div class="tool">
      <h3>{t('tools.day')}</h3>
      <div aria-live="polite">
        {closed && (
          <p class="day-closed" data-testid="campaign-closed">
            {t(closed.key, { closedAt: formatMoment(lang, closed.closedAt), until: closed.until ? formatMoment(lang, closed.until) : '' })}
          </p>
        )}
      </div>
      {mayChange && campaign.status === 'PLANNED' && !confirming && (
        <button type="button" class="primary" onClick={() => setConfirming({ action: 'start' })}>
          {t('tools.start')}
        </button>
      )}
      {mayChange && campaign.status === 'RUNNING' && !confirming && (
        <form class="close-day" onSubmit={askToClose}>
          <Field
            id="late-sync"
            label={t('tools.close.grace')}
            hint={t('tools.close.graceHint')}
            type="number"
            inputMode="numeric"
            min={0}
            max={MAX_LATE_SYNC_MINUTES}
            step={1}
            required={false}
            value={grace}
            onInput={(e) => setGrace((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" class="primary">
            {t('tools.close')}
          </button>
        </form>
      )}
      {confirming && (
        <div class="confirm" role="group" aria-labelledby="confirm-text">
          <p id="confirm-text">
            {confirming.action === 'start'
              ? t('tools.start.confirm', { name: campaign.name })
              : t('tools.close.confirm', {
                  name: campaign.name,
                  grace: confirming.minutes === undefined ? t('tools.close.graceDefault') : t('tools.close.graceMinutes', { minutes: confirming.minutes }),
                })}
          </p>
          <div class="tool-actions">
            <button type="button" class="primary" ref={confirmButton} disabled={busy} onClick={() => void run()}>
              {t(confirming.action === 'start' ? 'tools.start.yes' : 'tools.close.yes')}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(undefined)}>
              {t('tools.cancel')}
            </button>
          </div>
        </div>
      )}
      <p class={`status ${notice?.error ? 'error' : ''}`} role="status" aria-live="polite">
        <NoticeText notice={notice} />
      </p>
    </div>
  );
}
