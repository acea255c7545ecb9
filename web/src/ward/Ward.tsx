import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { CAMPAIGNS_QUERY, type CampaignSummary, type CoverageStatus, type Named, type UnitKind } from '../api/model';
import { formatDay, formatNumber } from '../format';
import { useI18n } from '../i18n/context';
import { Compose } from '../messages/Compose';
import type { MessageKey } from '../i18n';
import { hrefWith, onLocalLink, useSearchParams } from '../url';

interface PlaceCoverage {
  placeId: string;
  place: { name: string; kind: UnitKind };
  teams: Named[];
  status: CoverageStatus;
}

interface Volunteer extends Named {
  phone: string;
  branch: string | null;
}

interface Team extends Named {
  volunteers: Volunteer[];
}

const COVERAGE_FIELDS = 'placeId place { name kind } teams { id name } status';
const WARD_QUERY = `query Ward($c: ID!, $w: ID!) {
  unit(id: $w) { id name teams { id name volunteers { id name phone branch } } }
  coverage(campaignId: $c, wardId: $w) { ${COVERAGE_FIELDS} } }`;
const ASSIGN = `mutation Assign($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { ${COVERAGE_FIELDS} } }`;
const UNASSIGN = `mutation Unassign($c: ID!, $p: ID!, $t: ID!) { unassignPlace(campaignId: $c, placeId: $p, teamId: $t) { ${COVERAGE_FIELDS} } }`;

export function Ward() {
  const params = useSearchParams();
  const campaignId = params.get('campaign');
  const wardId = params.get('ward');
  if (campaignId && wardId) return <WardAssignments campaignId={campaignId} wardId={wardId} />;
  return <WardPicker campaignId={campaignId} />;
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
        .catch((e: Error) => setError(e.message));
    } else {
      gql<{ campaigns: CampaignSummary[] }>(CAMPAIGNS_QUERY)
        .then((d) => setCampaigns(d.campaigns))
        .catch((e: Error) => setError(e.message));
    }
  }, [campaignId]);
  return (
    <main id="main" class="page">
      <h1>{t('ward.title')}</h1>
      <h2>{t(campaignId ? 'ward.pickWard' : 'ward.pickCampaign')}</h2>
      {error && <p class="status error" role="alert">{t('common.loadFailed', { message: error })}</p>}
      <ul class="pick-list">
        {campaignId
          ? wards?.map((w) => (
              <li key={w.id}>
                <a href={hrefWith({ ward: w.id })} onClick={onLocalLink}>{w.name}</a>
              </li>
            ))
          : campaigns?.map((c) => (
              <li key={c.id}>
                <a href={hrefWith({ campaign: c.id })} onClick={onLocalLink}>
                  <strong>{c.name}</strong> · {formatDay(lang, c.date)}
                </a>
              </li>
            ))}
      </ul>
    </main>
  );
}

const STATUS_ORDER: Record<CoverageStatus, number> = { UNCOVERED: 0, DOUBLE_ASSIGNED: 1, COVERED: 2 };

function WardAssignments({ campaignId, wardId }: { campaignId: string; wardId: string }) {
  const { t, lang } = useI18n();
  const [ward, setWard] = useState<{ name: string; teams: Team[] } | undefined>();
  const [coverage, setCoverage] = useState<PlaceCoverage[]>([]);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    gql<{ unit: { name: string; teams: Team[] }; coverage: PlaceCoverage[] }>(WARD_QUERY, { c: campaignId, w: wardId })
      .then((d) => {
        setWard(d.unit);
        setCoverage(d.coverage);
      })
      .catch((e: Error) => setMessage({ text: t('common.loadFailed', { message: e.message }), error: true }));
  }, [campaignId, wardId]);

  const change = async (mutation: string, field: 'assignPlace' | 'unassignPlace', place: PlaceCoverage, team: Named) => {
    setBusy(true);
    try {
      const data = await gql<Record<typeof field, PlaceCoverage[]>>(mutation, { c: campaignId, p: place.placeId, t: team.id });
      setCoverage(data[field]);
      const key: MessageKey = field === 'assignPlace' ? 'ward.assigned' : 'ward.unassigned';
      setMessage({ text: t(key, { team: team.name, place: place.place.name }), error: false });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  if (!ward) return <main id="main" class="page">{message ? <p class="status error" role="alert">{message.text}</p> : <p>{t('common.loading')}</p>}</main>;

  const uncovered = coverage.filter((p) => p.status === 'UNCOVERED').length;
  const doubled = coverage.filter((p) => p.status === 'DOUBLE_ASSIGNED').length;
  const shown = coverage
    .filter((p) => !problemsOnly || p.status !== 'COVERED')
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.place.name.localeCompare(b.place.name, lang));

  return (
    <main id="main" class="page ward">
      <h1>{t('ward.heading', { ward: ward.name })}</h1>
      <p>
        <a href={hrefWith({ ward: undefined })} onClick={onLocalLink}>{t('ward.otherWard')}</a>
      </p>
      <p class="summary">
        {t('ward.summary', { places: formatNumber(lang, coverage.length), uncovered: formatNumber(lang, uncovered), doubled: formatNumber(lang, doubled) })}
      </p>
      <p class="status" role="status">
        {message && <span class={message.error ? 'error' : 'ok'}>{message.text}</span>}
      </p>

      <section aria-labelledby="places-h">
        <h2 id="places-h">{t('ward.places')}</h2>
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
                const free = ward.teams.filter((team) => !place.teams.some((a) => a.id === team.id));
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

      <section aria-labelledby="teams-h">
        <h2 id="teams-h">{t('ward.teams')}</h2>
        {ward.teams.length === 0 && <p class="muted">{t('ward.noTeams')}</p>}
        <div class="cards">
          {ward.teams.map((team) => (
            <section class="card" key={team.id} aria-label={team.name}>
              <h3>
                {team.name} <span class="badge">{t('ward.members', { count: formatNumber(lang, team.volunteers.length) })}</span>
              </h3>
              <p class="muted">
                {coverage.filter((p) => p.teams.some((x) => x.id === team.id)).map((p) => p.place.name).join(', ') || t('ward.noPlaces')}
              </p>
              <ul class="roster">
                {team.volunteers.map((v) => (
                  <li key={v.id}>
                    {v.name}
                    {v.branch && <span class="muted"> · {v.branch}</span>} · <a href={`tel:${v.phone}`}>{v.phone}</a>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </section>
      <Compose scopes={[{ id: wardId, name: ward.name, kind: 'unit' }, ...ward.teams.map((team) => ({ id: team.id, name: team.name, kind: 'team' as const }))]} />
    </main>
  );
}
