import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { CAMPAIGNS_QUERY, type CampaignSummary, type Named } from '../api/model';
import { formatDay } from '../format';
import { useI18n } from '../i18n/context';
import type { Identity } from './identity';
import { PhoneHeader } from './PhoneHeader';

interface Ward extends Named {
  teams: Named[];
}

/** Campaign, then team, then the volunteer's own name: three lists, each one tap. */
export function Join({ onJoined }: { onJoined: (identity: Identity) => void }) {
  const { t, lang } = useI18n();
  const [campaign, setCampaign] = useState<CampaignSummary | undefined>();
  const [team, setTeam] = useState<(Named & { wardId: string }) | undefined>();
  const [campaigns, setCampaigns] = useState<CampaignSummary[] | undefined>();
  const [wards, setWards] = useState<Ward[] | undefined>();
  const [volunteers, setVolunteers] = useState<Named[] | undefined>();
  const [error, setError] = useState('');

  const load = <T,>(query: string, variables: Record<string, unknown>, then: (data: T) => void) => {
    setError('');
    gql<T>(query, variables)
      .then(then)
      .catch(() => setError(t('volunteer.join.failed')));
  };

  useEffect(() => {
    if (!campaign) {
      load<{ campaigns: CampaignSummary[] }>(CAMPAIGNS_QUERY, {}, (d) => setCampaigns(d.campaigns.filter((c) => c.status !== 'CLOSED')));
    } else if (!team) {
      load<{ campaign: { wards: Ward[] } }>('query W($id: ID!) { campaign(id: $id) { wards { id name teams { id name } } } }', { id: campaign.id }, (d) =>
        setWards(d.campaign.wards),
      );
    } else {
      load<{ team: { volunteers: Named[] } }>('query T($id: ID!) { team(id: $id) { volunteers { id name } } }', { id: team.id }, (d) =>
        setVolunteers(d.team.volunteers),
      );
    }
  }, [campaign, team]);

  return (
    <>
      <PhoneHeader title={t('volunteer.title')} />
      <main id="main" class="phone-main">
        <h1>{t('volunteer.join.title')}</h1>
        {error && (
          <p class="status error" role="alert">
            {error}
          </p>
        )}
        {!campaign && (
          <Step title={t('volunteer.join.campaign')}>
            {campaigns?.map((c) => (
              <li key={c.id}>
                <button type="button" class="big" onClick={() => setCampaign(c)}>
                  {c.name}
                  <small>{formatDay(lang, c.date)}</small>
                </button>
              </li>
            ))}
          </Step>
        )}
        {campaign && !team && (
          <Step title={t('volunteer.join.team')} back={() => setCampaign(undefined)}>
            {wards?.flatMap((w) =>
              w.teams.map((tm) => (
                <li key={tm.id}>
                  <button type="button" class="big" onClick={() => setTeam({ ...tm, wardId: w.id })}>
                    {tm.name}
                    <small>{w.name}</small>
                  </button>
                </li>
              )),
            )}
          </Step>
        )}
        {campaign && team && (
          <Step title={t('volunteer.join.me')} back={() => setTeam(undefined)}>
            {volunteers?.map((v) => (
              <li key={v.id}>
                <button
                  type="button"
                  class="big"
                  onClick={() =>
                    onJoined({
                      campaignId: campaign.id,
                      campaignName: campaign.name,
                      wardId: team.wardId,
                      teamId: team.id,
                      teamName: team.name,
                      volunteerId: v.id,
                      volunteerName: v.name,
                    })
                  }
                >
                  {v.name}
                </button>
              </li>
            ))}
          </Step>
        )}
      </main>
    </>
  );
}

function Step({ title, back, children }: { title: string; back?: () => void; children: preact.ComponentChildren }) {
  const { t } = useI18n();
  return (
    <section>
      <h2>{title}</h2>
      {back && (
        <button type="button" class="link back" onClick={back}>
          ← {t('common.back')}
        </button>
      )}
      <ul class="choices">{children}</ul>
    </section>
  );
}
