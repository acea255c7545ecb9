import { useEffect, useState } from 'preact/hooks';
import { joinTeam, signInVolunteer } from '../api/accounts';
import { gql } from '../api/graphql';
import type { CampaignSummary } from '../api/campaigns';
import type { Session } from '../api/session';
import { Field, SubmitForm, text } from '../components/Form';
import { formatDay } from '../format';
import { useI18n } from '../i18n/context';
import type { Identity } from './identity';
import { PhoneHeader } from './PhoneHeader';

const PIN = { type: 'password', inputMode: 'numeric', pattern: '[0-9]{6,8}', minLength: 6, maxLength: 8 } as const;

/**
 * Signed out: join a team with its invite code, or sign in again with phone and PIN. The invite
 * code comes from the link a team leader shares (volunteer.html?invite=…) or is typed.
 */
export function SignInOrJoin() {
  const { t } = useI18n();
  const invite = new URLSearchParams(location.search).get('invite') ?? '';
  const joined = () => {
    // The code has done its work; it should not stay in the address bar or the history.
    if (invite) history.replaceState(null, '', location.pathname);
  };
  const join = (
    <section aria-labelledby="join-h">
      <h2 id="join-h">{t('volunteer.join.submit')}</h2>
      <p>{t('volunteer.join.lead')}</p>
      {/* Every refusal is told as the server gave it, beside the field it names: joining hides nothing. */}
      <SubmitForm
        label={t('volunteer.join.submit')}
        submit={t('volunteer.join.submit')}
        onSubmit={async (v) => {
          await joinTeam(text(v, 'invite'), text(v, 'name'), text(v, 'phone'), text(v, 'pin'));
          joined();
        }}
      >
        <Field id="invite" field="inviteCode" label={t('volunteer.join.code')} value={invite} autocapitalize="none" spellcheck={false} />
        <Field id="name" label={t('volunteer.join.name')} autocomplete="name" />
        <Field id="phone" label={t('volunteer.join.phone')} type="tel" autocomplete="tel" />
        <Field id="pin" label={t('volunteer.join.pin')} hint={t('volunteer.join.pinHint')} autocomplete="new-password" {...PIN} />
      </SubmitForm>
    </section>
  );
  const again = (
    <section aria-labelledby="again-h">
      <h2 id="again-h">{t('volunteer.signin.title')}</h2>
      <SubmitForm
        label={t('volunteer.signin.title')}
        submit={t('volunteer.signin.submit')}
        refused="volunteer.signin.refused"
        onSubmit={async (v) => {
          await signInVolunteer(text(v, 'again-phone'), text(v, 'again-pin'));
          joined();
        }}
      >
        <Field id="again-phone" label={t('volunteer.join.phone')} type="tel" autocomplete="tel" />
        <Field id="again-pin" label={t('volunteer.join.pin')} autocomplete="current-password" {...PIN} />
      </SubmitForm>
    </section>
  );
  return (
    <>
      <PhoneHeader title={t('volunteer.title')} />
      <main id="main" class="phone-main">
        <h1>{t('volunteer.join.title')}</h1>
        {/* Someone who followed an invite link is new here; anyone else has most likely joined before. */}
        {invite ? join : again}
        {invite ? again : join}
      </main>
    </>
  );
}

interface Me {
  volunteer: { id: string; name: string; team: { id: string; name: string; wardId: string } };
  campaigns: (CampaignSummary & { wardIds: string[] })[];
}

/**
 * Signed in: who the volunteer is comes from the session (its scope is their id), the team from
 * the server, the campaign from those the server lets them see. One open campaign is taken at once.
 */
export function PickCampaign({ session, onJoined, onLeave }: { session: Session; onJoined: (identity: Identity) => void; onLeave: () => void }) {
  const { t, lang } = useI18n();
  const [me, setMe] = useState<Me | undefined>();
  const [error, setError] = useState(false);
  const volunteerId = session.account.scopeId;

  useEffect(() => {
    setError(false);
    gql<Me>(`query Me($v: ID!) { volunteer(id: $v) { id name team { id name wardId } } campaigns { id name date status isPublic wardIds } }`, { v: volunteerId })
      .then((d) => {
        // Public campaigns of other wards are visible to anyone, but the volunteer can only work in their own ward's.
        const open = d.campaigns.filter((c) => c.status !== 'CLOSED' && c.wardIds.includes(d.volunteer.team.wardId));
        if (open.length === 1) choose(d, open[0]!);
        else setMe({ ...d, campaigns: open });
      })
      .catch(() => setError(true));
  }, [volunteerId]);

  const choose = (d: Me, c: CampaignSummary) =>
    onJoined({
      campaignId: c.id,
      campaignName: c.name,
      wardId: d.volunteer.team.wardId,
      teamId: d.volunteer.team.id,
      teamName: d.volunteer.team.name,
      volunteerId,
      volunteerName: d.volunteer.name,
    });

  return (
    <>
      <PhoneHeader title={me?.volunteer.name ?? t('volunteer.title')} subtitle={me?.volunteer.team.name} />
      <main id="main" class="phone-main">
        <h1>{t('volunteer.join.campaign')}</h1>
        {error && (
          <p class="status error" role="alert">
            {t('volunteer.join.failed')}
          </p>
        )}
        {!me && !error && <p>{t('common.loading')}</p>}
        {me?.campaigns.length === 0 && <p>{t('volunteer.join.noCampaign')}</p>}
        <ul class="choices">
          {me?.campaigns.map((c) => (
            <li key={c.id}>
              <button type="button" class="big" onClick={() => choose(me, c)}>
                {c.name}
                <small>{formatDay(lang, c.date)}</small>
              </button>
            </li>
          ))}
        </ul>
        <button type="button" class="link" onClick={onLeave}>
          {t('volunteer.leave')}
        </button>
      </main>
    </>
  );
}
