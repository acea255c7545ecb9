import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import type { CampaignSummary, Named } from '../api/campaigns';
import { describeRefusal, explainGraphQLError } from '../api/refusal';
import { StatusLine, useOutcome } from '../components/Status';
import { useSession } from '../components/useSession';
import { formatDay, formatNumber, formatTime } from '../format';
import { useI18n } from '../i18n/context';
import { Compose } from '../messages/Compose';
import { HelpRecords } from '../records/HelpRecords';
import { hrefWith, onLocalLink, useSearchParams } from '../url';

interface Invite {
  code: string;
  url: string;
  qrSvg: string;
}

interface Member extends Named {
  phone: string | null;
  shift: { place: { name: string }; checkedInAt: string; checkedOutAt: string | null } | null;
  assignedPlace: Named | null;
  /** Hours given this campaign day; null where the caller may not see them. */
  hours: number | null;
}

interface TeamInfo extends Named {
  ward: Named;
}

const TEAM_QUERY = `query Team($t: ID!) {
  team(id: $t) { id name ward { id name } }
  teamInvite(teamId: $t) { code url qrSvg }
  campaigns { id name date status isPublic wardIds } }`;
const ROTATE = 'mutation Rotate($t: ID!) { rotateInvite(teamId: $t, reason: "Tổ trưởng đổi mã mời") { code url qrSvg } }';
const DAY_QUERY = `query TeamDay($t: ID!, $c: ID!, $w: ID!) {
  team(id: $t) { volunteers { id name phone shift(campaignId: $c) { place { name } checkedInAt checkedOutAt } assignedPlace(campaignId: $c) { id name } hours(campaignId: $c) } }
  coverage(campaignId: $c, wardId: $w) { placeId place { name } teams { id } } }`;
const ASSIGN_MEMBER = 'mutation AssignMember($c: ID!, $t: ID!, $v: ID!, $p: ID!) { assignMember(campaignId: $c, teamId: $t, volunteerId: $v, placeId: $p) { volunteerId } }';

/** A team leader's page: the invite to show or print, and for a campaign day the roster, its places and its records. */
export function Team() {
  const { t } = useI18n();
  const params = useSearchParams();
  const account = useSession()?.account;
  // A leader's team is their account's; an official or organiser arrives from the ward page with ?team=.
  const teamId = account?.role === 'LEADER' ? account.scopeId : params.get('team');
  if (!teamId) {
    return (
      <main id="main" class="page">
        <h1>{t('team.title')}</h1>
        <p>{t('team.noTeam')}</p>
      </main>
    );
  }
  return <TeamPage teamId={teamId} campaignId={params.get('campaign')} reviews={account?.role === 'LEADER' || account?.role === 'OFFICIAL'} />;
}

/** `reviews`: the caller may void the team's records (its leader, its ward's official), so the records are listed. */
function TeamPage({ teamId, campaignId, reviews }: { teamId: string; campaignId: string | null; reviews: boolean }) {
  const { t, lang } = useI18n();
  const [team, setTeam] = useState<TeamInfo | undefined>();
  const [invite, setInvite] = useState<Invite | undefined>();
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    gql<{ team: TeamInfo; teamInvite: Invite; campaigns: (CampaignSummary & { wardIds: string[] })[] }>(TEAM_QUERY, { t: teamId })
      .then((d) => {
        setTeam(d.team);
        setInvite(d.teamInvite);
        setCampaigns(d.campaigns.filter((c) => c.wardIds.includes(d.team.ward.id)));
      })
      .catch((e: unknown) => setError(describeRefusal(explainGraphQLError(e), t)));
  }, [teamId]);

  if (!team || !invite) return <main id="main" class="page">{error ? <p class="status error" role="alert">{error}</p> : <p>{t('common.loading')}</p>}</main>;
  const campaign = campaigns.find((c) => c.id === campaignId);

  return (
    <main id="main" class="page team">
      <h1>{t('team.heading', { team: team.name })}</h1>
      <p class="muted print-hide">{team.ward.name}</p>
      <InviteCard teamId={teamId} teamName={team.name} invite={invite} onRotated={setInvite} />
      <section aria-labelledby="day-h" class="print-hide">
        <h2 id="day-h">{t('team.day')}</h2>
        {campaigns.length === 0 && <p class="muted">{t('ward.noCampaigns')}</p>}
        <ul class="pick-list">
          {campaigns.map((c) => (
            <li key={c.id}>
              <a href={hrefWith({ campaign: c.id })} onClick={onLocalLink} aria-current={c.id === campaignId ? 'page' : undefined}>
                <strong>{c.name}</strong> · {formatDay(lang, c.date)}
              </a>
            </li>
          ))}
        </ul>
      </section>
      {campaign && (
        <div class="print-hide">
          <Roster teamId={teamId} wardId={team.ward.id} campaignId={campaign.id} />
          {reviews && <HelpRecords campaignId={campaign.id} scopeId={teamId} />}
        </div>
      )}
      <div class="print-hide">
        <Compose scopes={[{ id: teamId, name: team.name, kind: 'team' }]} />
      </div>
    </main>
  );
}

/** The invite as a volunteer's phone reads it: a QR code big enough to scan across a table, the link and the code to type. */
function InviteCard({ teamId, teamName, invite, onRotated }: { teamId: string; teamName: string; invite: Invite; onRotated: (invite: Invite) => void }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const { outcome, done, failed } = useOutcome();
  const rotate = async () => {
    try {
      onRotated((await gql<{ rotateInvite: Invite }>(ROTATE, { t: teamId })).rotateInvite);
      done(t('team.invite.rotated'));
    } catch (e) {
      failed(e);
    } finally {
      setConfirming(false);
    }
  };
  return (
    <section aria-labelledby="invite-h" class="invite">
      <h2 id="invite-h">{t('team.invite')}</h2>
      <p class="print-only">{t('team.invite.poster', { team: teamName })}</p>
      <p class="print-hide">{t('team.invite.lead')}</p>
      {/* The SVG is drawn by the server from the invite link alone; it carries no script. */}
      <div class="qr" role="img" aria-label={t('team.invite.qr')} dangerouslySetInnerHTML={{ __html: invite.qrSvg }} />
      <p>
        {t('team.invite.code')} <code class="invite-code">{invite.code}</code>
      </p>
      <p class="invite-url">
        <a href={invite.url}>{invite.url}</a>
      </p>
      <div class="print-hide">
        <StatusLine outcome={outcome} />
      </div>
      <div class="actions print-hide">
        <button type="button" class="primary" onClick={() => window.print()}>
          {t('team.invite.print')}
        </button>
        {confirming ? (
          <span class="confirm">
            {t('team.invite.rotate.confirm')}{' '}
            <button type="button" class="primary" onClick={() => void rotate()}>{t('team.invite.rotate.yes')}</button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>{t('tools.cancel')}</button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>{t('team.invite.rotate')}</button>
        )}
      </div>
    </section>
  );
}

/** Who is where right now and who has not come, and the place each member is given for the day. */
function Roster({ teamId, wardId, campaignId }: { teamId: string; wardId: string; campaignId: string }) {
  const { t, lang } = useI18n();
  const [members, setMembers] = useState<Member[] | undefined>();
  const [places, setPlaces] = useState<Named[]>([]);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const { outcome, done, failed } = useOutcome();
  const load = () =>
    gql<{ team: { volunteers: Member[] }; coverage: { placeId: string; place: { name: string }; teams: { id: string }[] }[] }>(DAY_QUERY, {
      t: teamId,
      c: campaignId,
      w: wardId,
    })
      .then((d) => {
        setMembers(d.team.volunteers);
        setPlaces(d.coverage.filter((p) => p.teams.some((x) => x.id === teamId)).map((p) => ({ id: p.placeId, name: p.place.name })));
      })
      .catch(failed);
  useEffect(() => void load(), [teamId, campaignId]);

  const assign = async (member: Member, placeId: string) => {
    try {
      await gql(ASSIGN_MEMBER, { c: campaignId, t: teamId, v: member.id, p: placeId });
      done(t('team.assigned', { name: member.name, place: places.find((p) => p.id === placeId)?.name ?? '' }));
      await load();
    } catch (e) {
      failed(e);
    }
  };

  if (!members) return outcome ? <StatusLine outcome={outcome} /> : <p>{t('common.loading')}</p>;
  const working = members.filter((m) => m.shift && !m.shift.checkedOutAt).length;
  const absent = members.filter((m) => !m.shift).length;
  return (
    <section aria-labelledby="roster-h">
      <h2 id="roster-h">{t('team.roster')}</h2>
      <p class="summary">{t('team.roster.summary', { working: formatNumber(lang, working), absent: formatNumber(lang, absent), total: formatNumber(lang, members.length) })}</p>
      {places.length === 0 && <p class="muted">{t('team.noPlaces')}</p>}
      <StatusLine outcome={outcome} />
      <button type="button" onClick={() => void load()}>{t('team.refresh')}</button>
      <ul class="member-list">
        {members.map((m) => {
          const selected = choice[m.id] ?? m.assignedPlace?.id ?? places[0]?.id ?? '';
          const status = !m.shift
            ? t('team.status.absent')
            : m.shift.checkedOutAt
              ? t('team.status.left', { time: formatTime(lang, new Date(m.shift.checkedOutAt)) })
              : t('team.status.at', { place: m.shift.place.name, time: formatTime(lang, new Date(m.shift.checkedInAt)) });
          return (
            <li key={m.id} data-member={m.id} class={m.shift ? (m.shift.checkedOutAt ? 'left' : 'working') : 'absent'}>
              <p>
                <strong>{m.name}</strong>
                {m.phone && (
                  <>
                    {' · '}
                    <a href={`tel:${m.phone}`}>{m.phone}</a>
                  </>
                )}
              </p>
              <p class="member-status">
                {status}
                {m.hours !== null && <span class="muted"> · {t('team.hours', { hours: formatNumber(lang, m.hours, 1) })}</span>}
              </p>
              <p class="muted">{m.assignedPlace ? t('team.yourPlace', { place: m.assignedPlace.name }) : t('team.noPlace')}</p>
              {places.length > 0 && (
                <div class="assign">
                  <label for={`place-${m.id}`}>{t('team.placeFor', { name: m.name })}</label>
                  <select id={`place-${m.id}`} value={selected} onChange={(e) => setChoice({ ...choice, [m.id]: e.currentTarget.value })}>
                    {places.map((p) => (
                      <option key={p.id} value={p.id}>{p.name}</option>
                    ))}
                  </select>
                  <button type="button" class="primary" disabled={!selected} onClick={() => void assign(m, selected)}>
                    {t('team.assign')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
