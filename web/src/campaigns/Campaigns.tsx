import { useEffect, useState } from 'preact/hooks';
import { homePageOf } from '../api/accounts';
import { gql } from '../api/graphql';
import { CAMPAIGNS_QUERY, type CampaignSummary } from '../api/campaigns';
import { useSession } from '../components/useSession';
import { formatDay } from '../format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { hrefWith, onLocalLink, useSearchParams } from '../url';
import { Accounts } from './Accounts';
import { CampaignPage } from './CampaignPage';
import { CreateCampaign } from './CreateCampaign';
import { Problem } from './Problem';
import { PeriodFigures } from '../figures/Period';

/**
 * The organiser's page: every task of a campaign day starts here. Where the reader is lives in the
 * address: `?new=1` the new campaign form, `?campaign=…` one campaign, `?accounts=1` staff accounts.
 */
export function Campaigns() {
  const { t } = useI18n();
  const role = useSession()?.account.role;
  const params = useSearchParams();
  if (role !== 'ORGANISER') {
    return (
      <main id="main" class="page">
        <h1>{t('campaigns.title')}</h1>
        <p class="status error" role="alert">{t('campaigns.organisersOnly')}</p>
        {role && <p><a href={homePageOf(role)}>{t('campaigns.yourPage')}</a></p>}
      </main>
    );
  }
  const campaignId = params.get('campaign');
  if (campaignId) return <CampaignPage campaignId={campaignId} />;
  if (params.get('new')) return <CreateCampaign />;
  if (params.get('accounts')) return <Accounts />;
  return <Landing />;
}

const TASKS: { key: MessageKey; body: MessageKey; href: string; local: boolean }[] = [
  { key: 'campaigns.task.new', body: 'campaigns.task.new.body', href: '?new=1', local: true },
  { key: 'campaigns.task.accounts', body: 'campaigns.task.accounts.body', href: '?accounts=1', local: true },
  { key: 'campaigns.task.dashboard', body: 'campaigns.task.dashboard.body', href: 'dashboard.html', local: false },
  { key: 'campaigns.task.import', body: 'campaigns.task.import.body', href: 'import.html', local: false },
];

function Landing() {
  const { t, lang } = useI18n();
  const [campaigns, setCampaigns] = useState<CampaignSummary[] | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    gql<{ campaigns: CampaignSummary[] }>(CAMPAIGNS_QUERY).then((d) => setCampaigns(d.campaigns), setError);
  }, []);
  const newestFirst = campaigns && [...campaigns].sort((a, b) => b.date.localeCompare(a.date));
  const scopeId = useSession()?.account.scopeId;
  return (
    <main id="main" class="page campaigns">
      <h1>{t('campaigns.title')}</h1>
      <p class="lead">{t('campaigns.lead')}</p>
      <ul class="cards tasks">
        {TASKS.map((task) => (
          <li class="card" key={task.key}>
            <h2>
              <a href={task.href} onClick={task.local ? onLocalLink : undefined}>{t(task.key)}</a>
            </h2>
            <p>{t(task.body)}</p>
          </li>
        ))}
      </ul>
      <section aria-labelledby="list-h">
        <h2 id="list-h">{t('campaigns.list')}</h2>
        <Problem error={error} />
        {!campaigns && !error && <p>{t('common.loading')}</p>}
        {newestFirst?.length === 0 && <p>{t('campaigns.none')}</p>}
        <ul class="pick-list">
          {newestFirst?.map((c) => (
            <li key={c.id}>
              <a href={hrefWith({ campaign: c.id })} onClick={onLocalLink}>
                <strong>{c.name}</strong> · {formatDay(lang, c.date)} · {t(`status.${c.status}` as MessageKey)}
              </a>
            </li>
          ))}
        </ul>
      </section>
      {scopeId && campaigns && <PeriodFigures unitId={scopeId} launch={campaigns.map((c) => c.date).sort()[0]} />}
    </main>
  );
}
