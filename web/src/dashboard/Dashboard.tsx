import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { CAMPAIGNS_QUERY, type CampaignSummary } from '../api/campaigns';
import { serviceName } from '../api/services';
import type { ChildCounts, Counts } from '../live/counts';
import type { KeyCount, Service } from '../api/schema.generated';
import { fetchNames } from '../api/names';
import { formatClock, formatDay, formatNumber, formatPercent, formatTime } from '../format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { SignedIn } from '../components/SignIn';
import { useSession } from '../components/useSession';
import { subscribe } from '../live';
import { hrefWith, onLocalLink, useSearchParams } from '../url';
import { BarChart, Timeline } from './charts';
import { advance, emptyHistory, type LiveHistory } from './history';
import { DAY_FIELDS, OrganiserTools } from './OrganiserTools';
import { Compose, scopesOf } from '../messages/Compose';
import { doneOfTarget, followUps, largestFirst, outcomeKey, procedureKey, rowProgress } from './figures';

interface Campaign extends CampaignSummary {
  services: Service[];
  closedAt: string | null;
  lateSyncUntil: string | null;
}

const CAMPAIGN_QUERY = `query Campaign($id: ID!) { campaign(id: $id) { ${DAY_FIELDS} name date isPublic services { code name nameEn } } }`;

export function Dashboard() {
  const params = useSearchParams();
  const campaignId = params.get('campaign');
  const isPublicView = params.get('view') === 'public';
  // The drill-down path from the campaign to where the reader is: unit and team ids, top first.
  const path = (params.get('path') ?? '').split(',').filter(Boolean);
  const wall = params.get('wall') === '1';

  useEffect(() => {
    document.body.classList.toggle('wall', wall);
  }, [wall]);

  const page = campaignId ? (
    <CampaignView campaignId={campaignId} path={path} isPublicView={isPublicView} wall={wall} />
  ) : (
    <CampaignPicker isPublicView={isPublicView} />
  );
  // A public campaign's figures are everyone's: the public view needs no account (the server decides which campaigns are public).
  return isPublicView ? page : <SignedIn>{page}</SignedIn>;
}

function CampaignPicker({ isPublicView }: { isPublicView: boolean }) {
  const { t, lang } = useI18n();
  const [campaigns, setCampaigns] = useState<CampaignSummary[] | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    gql<{ campaigns: CampaignSummary[] }>(CAMPAIGNS_QUERY)
      .then((d) => setCampaigns(d.campaigns))
      .catch((e: Error) => setError(e.message));
  }, []);
  const shown = campaigns?.filter((c) => !isPublicView || c.isPublic);
  return (
    <main id="main" class="page">
      <h1>{t('dashboard.title')}</h1>
      <h2>{t('dashboard.pick')}</h2>
      {error && <p class="status error" role="alert">{t('common.loadFailed', { message: error })}</p>}
      {!shown && !error && <p>{t('common.loading')}</p>}
      {shown?.length === 0 && <p>{t('dashboard.noCampaigns')}</p>}
      <ul class="pick-list">
        {shown?.map((c) => (
          <li key={c.id}>
            <a href={hrefWith({ campaign: c.id, path: undefined })} onClick={onLocalLink}>
              <strong>{c.name}</strong> · {formatDay(lang, c.date)} · {t(`status.${c.status}` as MessageKey)}
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}

type SortKey = 'name' | 'helps' | 'target' | 'percent' | 'volunteersOnDuty' | 'placesCovered';

interface Row extends ChildCounts {
  name: string;
  done: number;
  target: number;
  percent: number | null;
  drillable: boolean;
}

function CampaignView({ campaignId, path, isPublicView, wall }: { campaignId: string; path: string[]; isPublicView: boolean; wall: boolean }) {
  const { t, lang } = useI18n();
  const role = useSession()?.account.role;
  const [campaign, setCampaign] = useState<Campaign | undefined>();
  const [counts, setCounts] = useState<Counts | undefined>();
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [updatedAt, setUpdatedAt] = useState<number | undefined>();
  const [liveError, setLiveError] = useState(false);
  const [error, setError] = useState('');
  const [history, setHistory] = useState<LiveHistory>(emptyHistory);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'helps', descending: true });
  const previous = useRef<Counts | undefined>();
  const scopeId = path[path.length - 1] ?? null;
  const pathKey = path.join(',');

  useEffect(() => {
    gql<{ campaign: Campaign }>(CAMPAIGN_QUERY, { id: campaignId })
      .then((d) => setCampaign(d.campaign))
      .catch((e: Error) => setError(e.message));
  }, [campaignId]);

  useEffect(() => {
    previous.current = undefined;
    setCounts(undefined);
    setHistory(emptyHistory());
    return subscribe(
      campaignId,
      scopeId,
      (next) => {
        const at = Date.now();
        setHistory((h) => advance(h, previous.current, next, at));
        previous.current = next;
        setCounts(next);
        setUpdatedAt(at);
        setLiveError(false);
      },
      () => setLiveError(true),
    );
  }, [campaignId, scopeId]);

  const childIds = counts?.children.map((c) => c.scopeId).join(',') ?? '';
  useEffect(() => {
    const ids = [...path, ...childIds.split(',').filter(Boolean)];
    if (ids.length === 0) return;
    let live = true;
    fetchNames(ids)
      .then((found) => live && setNames(found))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [pathKey, childIds]);

  const rows = useMemo<Row[]>(() => {
    const list = (counts?.children ?? []).map((child): Row => {
      return {
        ...child,
        ...rowProgress(child.progress),
        name: names.get(child.scopeId) ?? child.scopeId,
        drillable: child.scopeKind === 'UNIT' || child.scopeKind === 'TEAM',
      };
    });
    const direction = sort.descending ? -1 : 1;
    return list.sort((a, b) => {
      const x = a[sort.key] ?? -1;
      const y = b[sort.key] ?? -1;
      const order = typeof x === 'string' || typeof y === 'string' ? String(x).localeCompare(String(y), lang) : x - y;
      return order * direction || a.name.localeCompare(b.name, lang);
    });
  }, [counts, names, sort, lang]);

  if (error) return <main id="main" class="page"><p class="status error" role="alert">{t('common.loadFailed', { message: error })}</p></main>;
  if (!campaign) return <main id="main" class="page"><p>{t('common.loading')}</p></main>;
  if (isPublicView && !campaign.isPublic) return <main id="main" class="page"><p role="alert">{t('dashboard.notPublic')}</p></main>;

  const services = campaign.services;
  const slots = [...history.slots].sort(([a], [b]) => a - b).map(([start, helps]) => ({ start, helps, label: formatTime(lang, start) }));
  const sortBy = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'name' }));
  const ariaSort = (key: SortKey) => (sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined);
  const columns: { key: SortKey; label: MessageKey }[] = [
    { key: 'name', label: 'dashboard.col.name' },
    { key: 'helps', label: 'dashboard.col.helps' },
    { key: 'target', label: 'dashboard.col.targetDone' },
    { key: 'percent', label: 'dashboard.col.percent' },
    { key: 'volunteersOnDuty', label: 'dashboard.col.onDuty' },
    { key: 'placesCovered', label: 'dashboard.col.places' },
  ];
  // Staff only, and never on the public view or the projector; the server decides again on every request.
  const showTools = !isPublicView && !wall && (role === 'ORGANISER' || role === 'OFFICIAL');
  const publicLink = `${location.origin}${location.pathname}${hrefWith({ view: 'public', path: undefined, wall: undefined })}`;

  return (
    <main id="main" class="page dashboard">
      <div class="dash-head">
        <div>
          <h1>{campaign.name}</h1>
          <p class="muted">
            {formatDay(lang, campaign.date)} · {t(`status.${campaign.status}` as MessageKey)}
          </p>
        </div>
        <div class="dash-tools">
          <a class="button" href={hrefWith({ wall: wall ? undefined : '1' })} onClick={onLocalLink} aria-pressed={wall}>
            {t(wall ? 'dashboard.wall.off' : 'dashboard.wall.on')}
          </a>
          {campaign.isPublic && !isPublicView && (
            <a class="button" href={publicLink}>
              {t('dashboard.publicLink')}
            </a>
          )}
          {showTools && (
            <a class="button" href="#tools">
              {t('tools.title')}
            </a>
          )}
        </div>
      </div>

      <nav aria-label={t('dashboard.breadcrumb')} class="breadcrumb">
        <ol>
          <li>
            {path.length === 0 ? (
              <span aria-current="location">{campaign.name}</span>
            ) : (
              <a href={hrefWith({ path: undefined })} onClick={onLocalLink}>{campaign.name}</a>
            )}
          </li>
          {path.map((id, i) => (
            <li key={id}>
              {i === path.length - 1 ? (
                <span aria-current="location">{names.get(id) ?? '…'}</span>
              ) : (
                <a href={hrefWith({ path: path.slice(0, i + 1).join(',') })} onClick={onLocalLink}>{names.get(id) ?? '…'}</a>
              )}
            </li>
          ))}
        </ol>
      </nav>

      <p class="live-status" aria-live="polite">
        {liveError ? (
          <span class="error">{t('dashboard.live.lost')}</span>
        ) : updatedAt ? (
          t('dashboard.live.updated', { time: formatClock(lang, updatedAt) })
        ) : (
          t('common.loading')
        )}
        {counts && counts.pending > 0 && <span class="muted"> {t('dashboard.live.pending', { count: formatNumber(lang, counts.pending) })}</span>}
      </p>

      {counts && (
        <>
          <section aria-labelledby="totals-h">
            <h2 id="totals-h" class="visually-hidden">{t('dashboard.totals')}</h2>
            <dl class="totals">
              <Total label={t('dashboard.helps')} value={formatNumber(lang, counts.helps)} testId="total-helps" />
              <Total label={t('dashboard.onDuty')} value={formatNumber(lang, counts.volunteersOnDuty)} />
              <Total label={t('dashboard.places')} value={formatNumber(lang, counts.placesCovered)} />
              <Total label={t('dashboard.followUps')} value={formatNumber(lang, followUps(counts.byOutcome))} testId="total-follow-ups" />
              <Total label={t('dashboard.avgMinutes')} value={counts.averageMinutes === null ? '—' : formatNumber(lang, counts.averageMinutes, 1)} />
            </dl>
          </section>

          <div class="dash-grid">
            <section aria-labelledby="progress-h">
              <h2 id="progress-h">{t('dashboard.progress')}</h2>
              {counts.progress.length === 0 && <p class="muted">{t('dashboard.noTargets')}</p>}
              <ul class="progress-list">
                {counts.progress.map((p) => {
                  const name = serviceName(services, p.service, lang);
                  // From the two figures written beside the bar, so the share always reads true.
                  const percent = p.target > 0 ? (p.done * 100) / p.target : 0;
                  return (
                    <li key={p.service}>
                      <div class="progress-label">
                        <span>{name}</span>
                        <span>
                          {doneOfTarget(formatNumber(lang, p.done), p.target, formatNumber(lang, p.target))}
                          {p.target > 0 && ` · ${formatPercent(lang, percent)}`}
                        </span>
                      </div>
                      {p.target > 0 && (
                        <div
                          class="progress"
                          role="progressbar"
                          aria-label={name}
                          aria-valuemin={0}
                          aria-valuemax={p.target}
                          aria-valuenow={p.done}
                        >
                          <span style={{ width: `${Math.min(100, percent)}%` }} />
                        </div>
                      )}
                    </li>
                  );
                })}
              </ul>
            </section>

            <section aria-labelledby="ticker-h">
              <h2 id="ticker-h">{t('dashboard.ticker')}</h2>
              {history.ticker.length === 0 ? (
                <p class="muted">{t('dashboard.ticker.empty')}</p>
              ) : (
                <ol class="ticker">
                  {history.ticker.map((e) => (
                    <li key={e.id}>
                      <time>{formatClock(lang, e.at)}</time> +{formatNumber(lang, e.delta)} {serviceName(services, e.service, lang)}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>

          <Breakdown counts={counts} />

          {rows.length > 0 && (
            <section aria-labelledby="children-h">
              <h2 id="children-h">{t(childHeading(rows[0]!.scopeKind))}</h2>
              <div class="dash-grid">
                <div class="table-wrap">
                  <table class="data">
                    <thead>
                      <tr>
                        {columns.map((c) => (
                          <th key={c.key} scope="col" aria-sort={ariaSort(c.key)}>
                            <button type="button" class="sort" onClick={() => sortBy(c.key)}>
                              {t(c.label)}
                              <span aria-hidden="true">{sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                            </button>
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((row) => (
                        <tr key={row.scopeId}>
                          <th scope="row">
                            {row.drillable ? (
                              <a href={hrefWith({ path: [...path, row.scopeId].join(',') })} onClick={onLocalLink}>{row.name}</a>
                            ) : (
                              row.name
                            )}
                          </th>
                          <td>{formatNumber(lang, row.helps)}</td>
                          <td>{row.target ? doneOfTarget(formatNumber(lang, row.done), row.target, formatNumber(lang, row.target)) : '—'}</td>
                          <td>{row.percent === null ? '—' : formatPercent(lang, row.percent)}</td>
                          <td>{formatNumber(lang, row.volunteersOnDuty)}</td>
                          <td>{formatNumber(lang, row.placesCovered)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <BarChart
                  lang={lang}
                  title={t('dashboard.chart.children')}
                  // Against a target the bar is what the row counts toward it, as the table beside it says.
                  bars={rows.map((r) => ({ id: r.scopeId, label: r.name, value: r.target ? r.done : r.helps, target: r.target || undefined }))}
                />
              </div>
            </section>
          )}

          <section aria-labelledby="timeline-h">
            <h2 id="timeline-h">{t('dashboard.timeline')}</h2>
            <p class="muted">{t('dashboard.timeline.note')}</p>
            {slots.length > 0 && <Timeline lang={lang} title={t('dashboard.timeline')} slots={slots} />}
          </section>
        </>
      )}

      {showTools && (
        <OrganiserTools
          role={role}
          campaign={campaign}
          scopeId={scopeId}
          scopeName={scopeId ? (names.get(scopeId) ?? scopeId) : campaign.name}
          onDayChanged={(day) => setCampaign((c) => c && { ...c, ...day })}
        />
      )}
      {showTools && <Compose scopes={scopesOf([...path.slice(-1), ...childIds.split(',')], names)} />}
    </main>
  );
}

/** Online applications by procedure and every help by outcome, largest first, as the records count them. */
function Breakdown({ counts }: { counts: Pick<Counts, 'byOutcome' | 'byProcedure'> }) {
  const { t } = useI18n();
  const procedures = largestFirst(counts.byProcedure);
  const outcomes = largestFirst(counts.byOutcome);
  return (
    <section aria-labelledby="breakdowns-h" data-testid="breakdowns">
      <h2 id="breakdowns-h">{t('dashboard.breakdowns')}</h2>
      <div class="dash-grid">
        <div>
          <h3>{t('dashboard.procedures')}</h3>
          {procedures.length === 0 ? (
            <p class="muted">{t('dashboard.noProcedures')}</p>
          ) : (
            <KeyCounts counts={procedures} label={procedureKey} testId="by-procedure" />
          )}
        </div>
        <div>
          <h3>{t('dashboard.outcomes')}</h3>
          <KeyCounts counts={outcomes} label={outcomeKey} testId="by-outcome" />
        </div>
      </div>
    </section>
  );
}

function KeyCounts({ counts, label, testId }: { counts: KeyCount[]; label: (code: string) => MessageKey; testId: string }) {
  const { t, lang } = useI18n();
  return (
    <dl class="key-counts" data-testid={testId}>
      {counts.map((c) => (
        <div key={c.key}>
          <dt>{t(label(c.key))}</dt>
          <dd>{formatNumber(lang, c.count)}</dd>
        </div>
      ))}
    </dl>
  );
}

function childHeading(kind: ChildCounts['scopeKind']): MessageKey {
  return kind === 'TEAM' ? 'dashboard.children.teams' : kind === 'VOLUNTEER' ? 'dashboard.children.volunteers' : 'dashboard.children.units';
}

function Total({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div class="total">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
