import { useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import type { Named } from '../api/campaigns';
import { Field, SelectField, SubmitForm, text } from '../components/Form';
import { StatusLine } from '../components/Status';
import { formatNumber } from '../format';
import { useI18n } from '../i18n/context';

export interface WardVolunteer extends Named {
  phone: string | null;
  branch: string | null;
}

export interface WardTeam extends Named {
  volunteers: WardVolunteer[];
}

const CREATE_TEAM = 'mutation CreateTeam($w: ID!, $n: String!) { createTeam(wardId: $w, name: $n) { id } }';
const ADD_VOLUNTEER = 'mutation AddVolunteer($t: ID!, $n: String!, $p: String!, $b: String) { addVolunteer(teamId: $t, name: $n, phone: $p, branch: $b) { id } }';
const CREATE_LEADER =
  'mutation CreateLeader($t: ID!, $u: String!, $p: String!) { createAccount(role: LEADER, scopeId: $t, username: $u, password: $p, reason: "Tài khoản tổ trưởng") { username } }';

/**
 * The ward's teams and rosters, and what an official does with them: create a team, add a volunteer
 * (or a whole roster from a file), and give a team its leader's account.
 */
export function Teams({ wardId, teams, coverage, onChanged }: {
  wardId: string;
  teams: WardTeam[];
  coverage: { placeId: string; place: { name: string }; teams: Named[] }[];
  onChanged: () => Promise<unknown>;
}) {
  const { t, lang } = useI18n();
  const [done, setDone] = useState('');
  // A new key empties a form once what it sent was kept.
  const [round, setRound] = useState(0);
  const after = async (message: string) => {
    setDone(message);
    setRound(round + 1);
    await onChanged();
  };
  return (
    <section aria-labelledby="teams-h">
      <h2 id="teams-h">{t('ward.teams')}</h2>
      <StatusLine outcome={done ? { text: done, error: false } : undefined} />
      <div class="cards team-forms">
        <section class="card" aria-labelledby="new-team-h">
          <h3 id="new-team-h">{t('teams.create')}</h3>
          <SubmitForm
            key={`team-${round}`}
            label={t('teams.create')}
            submit={t('teams.create.submit')}
            onSubmit={async (values) => {
              const name = text(values, 'team-name');
              await gql(CREATE_TEAM, { w: wardId, n: name });
              await after(t('teams.created', { name }));
            }}
          >
            <Field id="team-name" field="name" label={t('teams.name')} maxLength={200} placeholder={t('teams.name.example')} />
          </SubmitForm>
        </section>
        {teams.length > 0 && (
          <section class="card" aria-labelledby="new-leader-h">
            <h3 id="new-leader-h">{t('teams.leader')}</h3>
            <p class="muted">{t('teams.leader.lead')}</p>
            <SubmitForm
              key={`leader-${round}`}
              label={t('teams.leader')}
              submit={t('teams.leader.submit')}
              onSubmit={async (values) => {
                const username = text(values, 'leader-username');
                const team = teams.find((x) => x.id === values.get('leader-team'));
                await gql(CREATE_LEADER, { t: values.get('leader-team'), u: username, p: String(values.get('leader-password') ?? '') });
                await after(t('teams.leader.created', { username, team: team?.name ?? '' }));
              }}
            >
              <SelectField id="leader-team" field="scopeId" label={t('teams.leader.team')} options={teams.map((x) => ({ value: x.id, label: x.name }))} />
              <Field id="leader-username" field="username" label={t('signin.username')} autocomplete="off" autocapitalize="none" spellcheck={false}
                hint={t('teams.leader.usernameHint')} />
              <Field id="leader-password" field="password" label={t('signin.password')} type="password" autocomplete="new-password" minLength={10}
                hint={t('teams.leader.passwordHint')} />
            </SubmitForm>
          </section>
        )}
      </div>

      {teams.length === 0 && <p class="muted">{t('ward.noTeams')}</p>}
      <p>
        <a href="import.html">{t('teams.import')}</a>
      </p>
      <div class="cards">
        {teams.map((team) => (
          <section class="card" key={team.id} aria-label={team.name} data-team={team.id}>
            <h3>
              {team.name} <span class="badge">{t('ward.members', { count: formatNumber(lang, team.volunteers.length) })}</span>
            </h3>
            <p class="muted">
              {coverage.filter((p) => p.teams.some((x) => x.id === team.id)).map((p) => p.place.name).join(', ') || t('ward.noPlaces')}
            </p>
            <p class="muted">{t('teams.id', { id: team.id })}</p>
            <p>
              <a href={`team.html?team=${encodeURIComponent(team.id)}`}>{t('teams.page')}</a>
            </p>
            <ul class="roster">
              {team.volunteers.map((v) => (
                <li key={v.id}>
                  {v.name}
                  {v.branch && <span class="muted"> · {v.branch}</span>}
                  {v.phone && (
                    <>
                      {' · '}
                      <a href={`tel:${v.phone}`}>{v.phone}</a>
                    </>
                  )}
                </li>
              ))}
            </ul>
            <details>
              <summary>{t('teams.addVolunteer')}</summary>
              <SubmitForm
                key={`volunteer-${team.id}-${round}`}
                label={t('teams.addVolunteer.to', { team: team.name })}
                submit={t('teams.addVolunteer.submit')}
                onSubmit={async (values) => {
                  const name = text(values, `v-name-${team.id}`);
                  await gql(ADD_VOLUNTEER, { t: team.id, n: name, p: text(values, `v-phone-${team.id}`), b: text(values, `v-branch-${team.id}`) || null });
                  await after(t('teams.volunteerAdded', { name, team: team.name }));
                }}
              >
                <Field id={`v-name-${team.id}`} field="name" label={t('field.name')} maxLength={100} autocomplete="off" />
                <Field id={`v-phone-${team.id}`} field="phone" label={t('field.phone')} type="tel" inputMode="tel" autocomplete="off" hint={t('teams.phoneHint')} />
                <Field id={`v-branch-${team.id}`} field="branch" label={t('field.branch')} required={false} maxLength={200} autocomplete="off" />
              </SubmitForm>
            </details>
          </section>
        ))}
      </div>
    </section>
  );
}
