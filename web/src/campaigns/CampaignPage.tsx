import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import type { CampaignStatus, Service } from '../api/schema.generated';
import type { Named } from '../api/campaigns';
import type { DayState } from '../dashboard/campaignDay';
import { DAY_FIELDS, OrganiserTools } from '../dashboard/OrganiserTools';
import { formatDay } from '../format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { hrefWith, onLocalLink } from '../url';
import { Problem } from './Problem';
import { Readiness } from './Readiness';
import { useSession } from '../components/useSession';
import { FiguresClosing } from '../figures/Closing';
import { Staffing } from '../figures/Staffing';
import { TargetsGrid } from './TargetsGrid';
import type { TargetFigure } from './targets';
import { wardGroups } from './plan';
import { useOrganiserTree } from './useOrganiserTree';

export interface PlannedCampaign extends DayState {
  id: string;
  name: string;
  date: string;
  startsAt: string;
  endsAt: string;
  status: CampaignStatus;
  wards: Named[];
  services: Service[];
  targets: TargetFigure[];
}

const CAMPAIGN_QUERY = `query Planned($id: ID!) { campaign(id: $id) { ${DAY_FIELDS} name date startsAt endsAt
  wards { id name } services { code name nameEn } targets { wardId service count } } }`;

/** One campaign as its organiser runs it: the day's start and close, its targets and whether its wards are ready. */
export function CampaignPage({ campaignId }: { campaignId: string }) {
  const { t, lang } = useI18n();
  const [campaign, setCampaign] = useState<PlannedCampaign | undefined>();
  const [error, setError] = useState<unknown>();
  const { tree, error: treeError } = useOrganiserTree();
  const scopeId = useSession()?.account.scopeId;
  useEffect(() => {
    setCampaign(undefined);
    setError(undefined);
    gql<{ campaign: PlannedCampaign }>(CAMPAIGN_QUERY, { id: campaignId }).then((d) => setCampaign(d.campaign), setError);
  }, [campaignId]);

  const owned = tree && campaign && owns(campaign, wardGroups(tree, lang).flatMap((g) => g.wards.map((w) => w.id)));
  return (
    <main id="main" class="page campaigns">
      <p>
        <a href={hrefWith({ campaign: undefined })} onClick={onLocalLink}>{t('campaigns.backToList')}</a>
      </p>
      <Problem error={error} />
      {!campaign && !error && <p>{t('common.loading')}</p>}
      {campaign && (
        <>
          <h1>{campaign.name}</h1>
          <p class="summary">
            {t('campaigns.when', { day: formatDay(lang, campaign.date), from: campaign.startsAt.slice(0, 5), to: campaign.endsAt.slice(0, 5) })} ·{' '}
            <span class="badge" data-testid="campaign-status">{t(`status.${campaign.status}` as MessageKey)}</span> ·{' '}
            {t('campaigns.wardCount', { count: campaign.wards.length })}
          </p>
          <p>
            <a href={`dashboard.html?campaign=${encodeURIComponent(campaign.id)}`}>{t('campaigns.openDashboard')}</a> ·{' '}
            <a href={`ward.html?campaign=${encodeURIComponent(campaign.id)}`}>{t('campaigns.openAssignments')}</a>
          </p>
          <Problem error={treeError} />
          {owned === false && (
            <p class="note" data-testid="not-owned">{t('campaigns.notOwned')}</p>
          )}
          {owned && (
            <>
              <OrganiserTools
                role="ORGANISER"
                campaign={campaign}
                scopeId={null}
                scopeName={campaign.name}
                onDayChanged={(day) => setCampaign({ ...campaign, ...day })}
              />
              <TargetsGrid campaign={campaign} onSaved={(targets) => setCampaign({ ...campaign, targets })} />
              <Readiness campaignId={campaign.id} />
              <Staffing campaignId={campaign.id} />
              {scopeId && <FiguresClosing campaignId={campaign.id} unitId={scopeId} />}
            </>
          )}
        </>
      )}
    </main>
  );
}

/**
 * Starting, closing, targets and readiness are for the organiser whose unit holds every ward of the
 * campaign; one who shares only some of its wards (a district's, in a province's campaign) sees it, and is not offered them.
 */
function owns(campaign: PlannedCampaign, myWards: readonly string[]): boolean {
  return campaign.wards.every((w) => myWards.includes(w.id));
}
