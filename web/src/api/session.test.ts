import { describe, expect, it } from 'vitest';
import { gql } from './graphql';
import { REFRESH_EARLY_MS, SessionKeeper, type Session } from './session';

const NOW = Date.parse('2026-08-27T08:00:00Z');

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

function sessionOf(n: number, expiresInMs = 15 * 60_000): Session {
  return {
    accessToken: `access-${n}`,
    expiresAt: new Date(NOW + expiresInMs).toISOString(),
    account: { username: 'to-chuc', role: 'ORGANISER', scopeId: 'u-1' },
  };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

interface Call {
  auth: string | null;
  cookieMode: boolean;
  credentials: RequestCredentials | undefined;
  body: { query: string; variables?: Record<string, unknown> };
}

/**
 * A server that knows one live refresh token, rotates it at each use like the api, refuses a
 * reused one, and answers other queries 401 unless they carry the current access token. Like the
 * api, it spends the browser's cookie when no token is given, and answers a client that sends
 * X-Refresh-Cookie with a new cookie.
 */
function fakeServer(start: number, signedInBeforeTheCookie = false) {
  let live = start;
  let refreshToken: string | undefined = `refresh-${start}`;
  let cookie = signedInBeforeTheCookie ? undefined : refreshToken;
  const calls: Call[] = [];
  let release: (() => void) | undefined;
  let holdRefresh = false;
  const fetch = async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = (init?.body ? JSON.parse(String(init.body)) : { query: 'GET' }) as Call['body'];
    const headers = new Headers(init?.headers);
    const auth = headers.get('Authorization');
    const cookieMode = headers.get('X-Refresh-Cookie') === '1';
    calls.push({ auth, cookieMode, credentials: init?.credentials, body });
    if (body.query.includes('refreshSession')) {
      if (holdRefresh) await new Promise<void>((resolve) => (release = resolve));
      const given = (body.variables?.t as string | null | undefined) ?? cookie;
      if (given === undefined || given !== refreshToken) {
        refreshToken = undefined;
        return json(200, { data: null, errors: [{ message: 'The session has ended.', extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      live++;
      refreshToken = `refresh-${live}`;
      if (cookieMode) cookie = refreshToken;
      return json(200, { data: { refreshSession: sessionOf(live) } });
    }
    if (body.query.includes('signOut')) {
      refreshToken = cookie = undefined;
      return json(200, { data: { signOut: true } });
    }
    if (auth !== `Bearer access-${live}`) return json(401, {});
    return json(200, { data: { campaigns: [] } });
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    calls,
    refreshes: () => calls.filter((c) => c.body.query.includes('refreshSession')).length,
    hold: () => (holdRefresh = true),
    release: () => {
      holdRefresh = false;
      release?.();
    },
    endSessions: () => (refreshToken = undefined),
    cookie: () => cookie,
  };
}

function keeper(server: ReturnType<typeof fakeServer>, stored: Session | undefined, storage = memoryStorage()) {
  const keeper = new SessionKeeper({ storage, fetch: server.fetch, now: () => NOW });
  keeper.set(stored);
  return keeper;
}

describe('SessionKeeper', () => {
  it('sends the access token as a bearer header', async () => {
    const server = fakeServer(1);
    const session = keeper(server, sessionOf(1));
    await gql('query { campaigns { id } }', undefined, { fetch: server.fetch, session });
    expect(server.calls.map((c) => c.auth)).toEqual(['Bearer access-1']);
  });

  it('refreshes a token the server no longer takes (401), then retries the request with the new one', async () => {
    const server = fakeServer(2);
    // The stored token is 1: the server has moved on (say, the token expired on a phone left in a drawer).
    const session = keeper(server, sessionOf(1));
    const data = await gql<{ campaigns: unknown[] }>('query { campaigns { id } }', undefined, { fetch: server.fetch, session });
    expect(data.campaigns).toEqual([]);
    expect(server.calls.map((c) => c.auth ?? 'refresh')).toEqual(['Bearer access-1', 'refresh', 'Bearer access-3']);
    // The refresh named no token: the cookie went by itself, and came back rotated.
    const refresh = server.calls[1]!;
    expect([refresh.body.variables?.t, refresh.cookieMode, refresh.credentials]).toEqual([null, true, 'same-origin']);
    expect(server.cookie()).toBe('refresh-3');
    expect(session.current()).toEqual(sessionOf(3));
  });

  it('trades a refresh token stored before the cookie once, then keeps none in storage', async () => {
    const server = fakeServer(1, true);
    const storage = memoryStorage();
    const session = keeper(server, { ...sessionOf(1, -1000), refreshToken: 'refresh-1' } as Session, storage);
    expect(await session.accessToken()).toBe('access-2');
    expect(await session.refresh()).toEqual(sessionOf(3));
    expect(server.calls.map((c) => c.body.variables?.t)).toEqual(['refresh-1', null]);
    expect(storage.getItem('volunteers.session')).not.toContain('refresh');
  });

  it('signs out by cookie: the server clears it, and storage forgets the session', async () => {
    const server = fakeServer(1);
    const session = keeper(server, sessionOf(1));
    await session.signOut();
    const signOut = server.calls[0]!;
    expect([signOut.body.query.includes('signOut'), signOut.body.variables?.t, signOut.credentials]).toEqual([true, null, 'same-origin']);
    expect(server.cookie()).toBeUndefined();
    expect(session.current()).toBeUndefined();
  });

  it('refreshes once for many callers at a time: the second use of a rotated token would end the session', async () => {
    const server = fakeServer(1);
    const session = keeper(server, sessionOf(1, REFRESH_EARLY_MS / 2));
    server.hold();
    const tokens = Promise.all([session.accessToken(), session.accessToken(), session.fetch('/reports/c.csv'), session.accessToken()]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    server.release();
    const [a, b, response, d] = await tokens;
    expect([a, b, d]).toEqual(['access-2', 'access-2', 'access-2']);
    expect(response.status).toBe(200);
    expect(server.refreshes()).toBe(1);
    expect(session.current()?.accessToken).toBe('access-2');
  });

  it('does not refresh a token that is not near its expiry', async () => {
    const server = fakeServer(1);
    const session = keeper(server, sessionOf(1, REFRESH_EARLY_MS * 2));
    expect(await session.accessToken()).toBe('access-1');
    expect(server.refreshes()).toBe(0);
  });

  it('signs out when the server refuses the refresh, and tells the pages', async () => {
    const server = fakeServer(1);
    const session = keeper(server, sessionOf(1, -1000));
    server.endSessions();
    const seen: (Session | undefined)[] = [];
    session.onChange((s) => seen.push(s));
    expect(await session.accessToken()).toBeUndefined();
    expect(session.current()).toBeUndefined();
    expect(seen).toEqual([undefined]);
  });

  it('keeps the session when the refresh cannot reach the server, so an offline phone stays signed in', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const session = new SessionKeeper({ storage: memoryStorage(), fetch: offline, now: () => NOW });
    session.set(sessionOf(1, -1000));
    // The expired token goes out (and fails as offline); the session stays for the reconnect, when the cookie goes by itself.
    expect(await session.accessToken()).toBe('access-1');
    expect(session.current()).toEqual(sessionOf(1, -1000));
  });

  it('sends nothing but the request when signed out', async () => {
    const server = fakeServer(1);
    const session = keeper(server, undefined);
    const response = await session.fetch('/reports/c.csv');
    expect(response.status).toBe(401);
    expect(server.calls.map((c) => c.auth)).toEqual([null]);
  });
});
