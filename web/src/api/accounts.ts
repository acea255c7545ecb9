import { gql } from './graphql';
import { SESSION_FIELDS, session, type Role, type Session } from './session';

// The mutations that open a session. Sent anonymous: a stale token left from an earlier session
// would make the server answer 401 before it even looks at the credentials.

async function open(field: string, args: string, variables: Record<string, unknown>): Promise<Session> {
  const data = await gql<Record<string, Session>>(`mutation ${args} { ${field} { ${SESSION_FIELDS} } }`, variables, { anonymous: true });
  const opened = data[field.slice(0, field.indexOf('('))]!;
  session.set(opened);
  return opened;
}

export const signIn = (username: string, password: string) =>
  open('signIn(username: $u, password: $p)', 'SignIn($u: String!, $p: String!)', { u: username, p: password });

export const signInVolunteer = (phone: string, pin: string) =>
  open('signInVolunteer(phone: $phone, pin: $pin)', 'SignInVolunteer($phone: String!, $pin: String!)', { phone, pin });

export const joinTeam = (inviteCode: string, name: string, phone: string, pin: string) =>
  open(
    'joinTeam(inviteCode: $code, name: $name, phone: $phone, pin: $pin)',
    'JoinTeam($code: String!, $name: String!, $phone: String!, $pin: String!)',
    { code: inviteCode, name, phone, pin },
  );

export interface DemoAccount {
  role: Role;
  login: string;
  secret: string;
  scope: string;
}

/** Empty outside an embedded demo install, where the server lists none. */
export async function demoAccounts(): Promise<DemoAccount[]> {
  return (await gql<{ demoAccounts: DemoAccount[] }>('query Demo { demoAccounts { role login secret scope } }', undefined, { anonymous: true })).demoAccounts;
}

/** Staff sign in with a username, volunteers with their phone: a demo account says which by its role. */
export const signInAs = (account: DemoAccount) =>
  account.role === 'VOLUNTEER' ? signInVolunteer(account.login, account.secret) : signIn(account.login, account.secret);

/** Where each role's work is. */
export function homePageOf(role: Role): string {
  if (role === 'VOLUNTEER') return 'volunteer.html';
  // An organiser's tasks of the day (campaigns, targets, accounts, readiness) all start from the campaigns page.
  if (role === 'ORGANISER') return 'campaigns.html';
  if (role === 'LEADER') return 'team.html';
  return role === 'OFFICIAL' ? 'ward.html' : 'dashboard.html';
}
