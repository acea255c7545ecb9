import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { CAMPAIGNS_QUERY, type CampaignSummary, type Named } from '../api/campaigns';
import type { CoverageStatus, UnitKind } from '../api/schema.generated';
import { describeRefusal, explainGraphQLError } from '../api/refusal';
import { AuditTrail } from '../audit/AuditTrail';
import { StatusLine, useOutcome } from '../components/Status';
import { useSession } from '../components/useSession';
import { formatDay, formatNumber } from '../format';
import { useI18n } from '../i18n/context';
import { Compose } from '../messages/Compose';
import type { MessageKey } from '../i18n';
import { HelpRecords } from '../records/HelpRecords';
import { hrefWith, onLocalLink, useSearchParams } from '../url';
import { FiguresClosing } from '../figures/Closing';
import { Teams, type WardTeam } from './Teams';

interface PlaceCoverage {
  placeId: string;
  place: { name: string; kind: UnitKind };
  teams: Named[];
  status: CoverageStatus;
}

interface WardInfo {
  id: string;
  name: string;
  teams: WardTeam[];
}

const COVERAGE_FIELDS = 'placeId place { name kind } teams { id name } status';
const WARD_QUERY = `query Ward($w: ID!) { unit(id: $w) { id name teams { id name volunteers { id name phone branch } } } }`;
const COVERAGE_QUERY = `query Coverage($c: ID!, $w: ID!) { coverage(campaignId: $c, wardId: $w) { ${COVERAGE_FIELDS} } }`;
const ASSIGN = `mutation Assign($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { ${COVERAGE_FIELDS} } }`;
const UNASSIGN = `mutation Unassign($c: ID!, $p: ID!, $t: ID!) { unassignPlace(campaignId: $c, placeId: $p, teamId: $t) { ${COVERAGE_FIELDS} } }`;

/**
 * An official works in their own ward only, so the page opens on it; an organiser picks one of the
 * campaign's wards. Leaders and volunteers have nothing to do here and are sent to their own page.
 */
export function Ward() {
  const params = useSearchParams();
  const account = useSession()?.account;
  const campaignId = params.get('campaign');
  if (account?.role === 'LEADER' || account?.role === 'VOLUNTEER') return <NotYours leader={account.role === 'LEADER'} />;
  const official = account?.role === 'OFFICIAL';
  const wardId = official ? account.scopeId : params.get('ward');
  if (wardId && (campaignId || official)) return <WardPage wardId={wardId} campaignId={campaignId} official={official} />;
  return <WardPicker campaignId={campaignId} />;
}

function NotYours({ leader }: { leader: boolean }) {
  const { t } = useI18n();
  return (
    <main id="main" class="page">
      <h1>{t('ward.title')}</h1>
      <p>{t('ward.notYours')}</p>
      <p>
        <a class="button primary" href={leader ? 'team.html' : 'volunteer.html'}>{t(leader ? 'ward.toTeam' : 'ward.toVolunteer')}</a>
      </p>
    </main>
  );
}

function WardPicker({ campaignId }: { campaignId: string | null }) {
  const { t, lang } = useI18n();
  const [campaigns, setCampaigns] = useState<CampaignSummary[] | undefined>();
  const [wards, setWards] = useState<Named[] | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    setError('');
    if (campaignId) {
      gql<{ campaign: { wards: Named[] } }>('query Wards($id: ID!) { campaign(id: $id) { wards { id name } } }', { id: campaignId })
        .then((d) => setWards(d.campaign.wards))
        .catch((e: unknown) => setError(describeRefusal(explainGraphQLError(e), t)));
    } else {
      gql<{ campaigns: CampaignSummary[] }>(CAMPAIGNS_QUERY)
        .then((d) => setCampaigns(d.campaigns))
        .catch((e: unknown) => setError(describeRefusal(explainGraphQLError(e), t)));
    }
  }, [campaignId]);
  return (
    <main id="main" class="page">
      <h1>{t('ward.title')}</h1>
      <h2>{t(campaignId ? 'ward.pickWard' : 'ward.pickCampaign')}</h2>
      {error && <p class="status error" role="alert">{error}</p>}
      <ul class="pick-list">
        {campaignId
          ? wards?.map((w) => (
              <li key={w.id}>
                <a href={hrefWith({ ward: w.id })} onClick={onLocalLink}>{w.name}</a>
              </li>
            ))
          : campaigns?.map((c) => <CampaignLink key={c.id} campaign={c} lang={lang} />)}
      </ul>
    </main>
  );
}

function CampaignLink({ campaign, lang }: { campaign: CampaignSummary; lang: 'vi' | 'en' }) {
  return (
    <li>
      <a href={hrefWith({ campaign: campaign.id })} onClick={onLocalLink}>
        <strong>{campaign.name}</strong> · {formatDay(lang, campaign.date)}
      </a>
    </li>
  );
}

/** The official's ward (or the one an organiser picked): the day's assignments and records when a campaign is chosen, always the teams and the trail. */
function WardPage({ wardId, campaignId, official }: { wardId: string; campaignId: string | null; official: boolean }) {
  const { t } = useI18n();
  const [ward, setWard] = useState<WardInfo | undefined>();
  const [coverage, setCoverage] = useState<PlaceCoverage[]>([]);
  const [error, setError] = useState('');
  const loadWard = () =>
    gql<{ unit: WardInfo }>(WARD_QUERY, { w: wardId })
      .then((d) => setWard(d.unit))
      .catch((e: unknown) => setError(describeRefusal(explainGraphQLError(e), t)));
  useEffect(() => void loadWard(), [wardId]);

  if (!ward) return <main id="main" class="page">{error ? <p class="status error" role="alert">{error}</p> : <p>{t('common.loading')}</p>}</main>;

  const names: Record<string, string> = { [ward.id]: ward.name };
  for (const team of ward.teams) {
    names[team.id] = team.name;
    for (const v of team.volunteers) names[v.id] = v.name;
  }
  for (const p of coverage) names[p.placeId] = p.place.name;

  return (
    <main id="main" class="page ward">
      <h1>{t('ward.heading', { ward: ward.name })}</h1>
      <nav class="in-page" aria-label={t('ward.sections')}>
        {campaignId && <a href="#places-h">{t('ward.places')}</a>}
        {campaignId && official && <a href="#records-h">{t('records.title')}</a>}
        {campaignId && official && <a href="#closing-h">{t('closing.title')}</a>}
        <a href="#teams-h">{t('ward.teams')}</a>
        <a href="#audit-h">{t('audit.title')}</a>
      </nav>
      {campaignId ? (
        <>
          <p>
            <a href={hrefWith(official ? { campaign: undefined } : { ward: undefined })} onClick={onLocalLink}>
              {t(official ? 'ward.otherCampaign' : 'ward.otherWard')}
            </a>
          </p>
          <Assignments campaignId={campaignId} wardId={wardId} teams={ward.teams} coverage={coverage} setCoverage={setCoverage} />
          {/* Records are reviewed by those who may void them: the ward's official, not the organiser above. */}
          {official && <HelpRecords campaignId={campaignId} scopeId={wardId} />}
          {official && <FiguresClosing campaignId={campaignId} unitId={wardId} />}
        </>
      ) : (
        <WardCampaigns wardId={wardId} />
      )}
      <Teams wardId={wardId} teams={ward.teams} coverage={coverage} onChanged={loadWard} />
      <Compose scopes={[{ id: wardId, name: ward.name, kind: 'unit' }, ...ward.teams.map((team) => ({ id: team.id, name: team.name, kind: 'team' as const }))]} />
      <AuditTrail unitId={wardId} names={names} />
    </main>
  );
}

/** The campaigns that cover the ward, to open its assignments and records for one day. */
function WardCampaigns({ wardId }: { wardId: string }) {
  const { t, lang } = useI18n();
  const [campaigns, setCampaigns] = useState<CampaignSummary[] | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    gql<{ campaigns: (CampaignSummary & { wardIds: string[] })[] }>('query Campaigns { campaigns { id name date status isPublic wardIds } }')
      .then((d) => setCampaigns(d.campaigns.filter((c) => c.wardIds.includes(wardId))))
      .catch((e: unknown) => setError(describeRefusal(explainGraphQLError(e), t)));
  }, [wardId]);
  return (
    <section aria-labelledby="campaigns-h">
      <h2 id="campaigns-h">{t('ward.pickCampaign')}</h2>
      {error && <p class="status error" role="alert">{error}</p>}
      {campaigns?.length === 0 && <p class="muted">{t('ward.noCampaigns')}</p>}
      <ul class="pick-list">
        {campaigns?.map((c) => <CampaignLink key={c.id} campaign={c} lang={lang} />)}
      </ul>
    </section>
  );
}

const STATUS_ORDER: Record<CoverageStatus, number> = { UNCOVERED: 0, DOUBLE_ASSIGNED: 1, COVERED: 2 };

function Assignments(props: {
  campaignId: string;
  wardId: string;
  teams: Named[];
  coverage: PlaceCoverage[];
  setCoverage: (coverage: PlaceCoverage[]) => void;
}) {
  const { campaignId, wardId, teams, coverage, setCoverage } = props;
  const { t, lang } = useI18n();
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [problemsOnly, setProblemsOnly] = useState(false);
  const { outcome, done, failed } = useOutcome();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    gql<{ coverage: PlaceCoverage[] }>(COVERAGE_QUERY, { c: campaignId, w: wardId })
      .then((d) => setCoverage(d.coverage))
      .catch(failed);
  }, [campaignId, wardId]);

  const change = async (mutation: string, field: 'assignPlace' | 'unassignPlace', place: PlaceCoverage, team: Named) => {
    setBusy(true);
    try {
      const data = await gql<Record<typeof field, PlaceCoverage[]>>(mutation, { c: campaignId, p: place.placeId, t: team.id });
      setCoverage(data[field]);
      const key: MessageKey = field === 'assignPlace' ? 'ward.assigned' : 'ward.unassigned';
      done(t(key, { team: team.name, place: place.place.name }));
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };

  const uncovered = coverage.filter((p) => p.status === 'UNCOVERED').length;
  const doubled = coverage.filter((p) => p.status === 'DOUBLE_ASSIGNED').length;
  const shown = coverage
    .filter((p) => !problemsOnly || p.status !== 'COVERED')
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.place.name.localeCompare(b.place.name, lang));

  return (
    <section aria-labelledby="places-h">
      <h2 id="places-h">{t('ward.places')}</h2>
      <p class="summary">
        {t('ward.summary', { places: formatNumber(lang, coverage.length), uncovered: formatNumber(lang, uncovered), doubled: formatNumber(lang, doubled) })}
      </p>
      <StatusLine outcome={outcome} />
      <label class="inline">
        <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.currentTarget.checked)} /> {t('ward.problemsOnly')}
      </label>
      <div class="table-wrap">
        <table class="data coverage">
          <thead>
            <tr>
              <th scope="col">{t('ward.col.place')}</th>
              <th scope="col">{t('ward.col.status')}</th>
              <th scope="col">{t('ward.col.teams')}</th>
              <th scope="col">{t('ward.col.assign')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((place) => {
              const free = teams.filter((team) => !place.teams.some((a) => a.id === team.id));
              const selected = choice[place.placeId] ?? free[0]?.id ?? '';
              const selectId = `assign-${place.placeId}`;
              return (
                <tr key={place.placeId} class={`status-${place.status}`} data-place={place.placeId}>
                  <th scope="row">
                    {place.place.name}
                    <span class="kind"> · {t(`kind.${place.place.kind}` as MessageKey)}</span>
                  </th>
                  <td>
                    <span class={`tag tag-${place.status}`}>{t(`coverage.${place.status}` as MessageKey)}</span>
                  </td>
                  <td>
                    <ul class="chips">
                      {place.teams.map((team) => (
                        <li key={team.id}>
                          {team.name}
                          <button
                            type="button"
                            class="chip-remove"
                            disabled={busy}
                            aria-label={t('ward.unassign', { team: team.name, place: place.place.name })}
                            onClick={() => change(UNASSIGN, 'unassignPlace', place, team)}
                          >
                            ×
                          </button>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {free.length > 0 && (
                      <div class="assign">
                        <label class="visually-hidden" for={selectId}>{t('ward.assignTo', { place: place.place.name })}</label>
                        <select id={selectId} value={selected} onChange={(e) => setChoice({ ...choice, [place.placeId]: e.currentTarget.value })}>
                          {free.map((team) => (
                            <option key={team.id} value={team.id}>{team.name}</option>
                          ))}
                        </select>
                        <button
                          type="button"
                          class="primary"
                          disabled={busy || !selected}
                          onClick={() => {
                            const team = free.find((x) => x.id === selected);
                            if (team) void change(ASSIGN, 'assignPlace', place, team);
                          }}
                        >
                          {t('ward.assign')}
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
