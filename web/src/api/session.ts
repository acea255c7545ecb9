// The signed-in session of this browser: one per origin, kept in localStorage so a reload (or a
// phone opening the app with no network) still knows who is using it. The api refuses every
// field without an access token; this module adds it to every request and keeps it fresh.
// The refresh token is not here: the server keeps it in an HttpOnly cookie that only /graphql
// receives, so a script that got into the page cannot read it. Offline nothing needs it; once
// online, a refresh sends the cookie by itself.
//
// Refresh tokens rotate at each use and a reused one ends the session, so two refreshes must
// never race: within a tab they share one promise, across tabs they queue on a Web Lock and the
// second one finds the first one's result in storage instead of spending the old token again.

export type Role = 'ORGANISER' | 'OFFICIAL' | 'LEADER' | 'VOLUNTEER';

export interface Account {
  username: string | null;
  role: Role;
  /** The unit, team or (for a volunteer) the volunteer the account acts for. */
  scopeId: string;
}

export interface Session {
  accessToken: string;
  /** ISO time the access token stops working. */
  expiresAt: string;
  account: Account;
}

/** What a browser signed in before the cookie still holds: its refresh token, traded once for the cookie. */
type Stored = Session & { refreshToken?: string };

/** Sent with every request to /graphql: this client takes its refresh token as a cookie, not in the answer. */
export const REFRESH_COOKIE = { 'X-Refresh-Cookie': '1' } as const;

/** The fields every mutation that opens a session asks for. */
export const SESSION_FIELDS = 'accessToken expiresAt account { username role scopeId }';

/** Refresh this long before expiry, so a request sent just before it never arrives with a dead token. */
export const REFRESH_EARLY_MS = 60_000;

const KEY = 'volunteers.session';
const LOCK = 'volunteers.session.refresh';

/** A refresh that could not reach the server: the session stays, the caller's request fails as offline. */
export class RefreshUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The session could not be refreshed now', { cause });
    this.name = 'RefreshUnavailableError';
  }
}

export interface SessionDeps {
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch?: typeof fetch;
  now?: () => number;
  endpoint?: string;
  /** navigator.locks where the browser has it; tests leave it out. */
  locks?: { request<T>(name: string, callback: () => Promise<T>): Promise<T> };
}

type Listener = (session: Session | undefined) => void;

export class SessionKeeper {
  private refreshing: Promise<Session | undefined> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly deps: SessionDeps = {}) {}

  private get storage() {
    return this.deps.storage ?? globalThis.localStorage;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Read from storage each time: another tab may have refreshed or signed out since. */
  current(): Stored | undefined {
    try {
      const text = this.storage.getItem(KEY);
      return text ? (JSON.parse(text) as Stored) : undefined;
    } catch {
      return undefined;
    }
  }

  set(session: Session | undefined): void {
    try {
      if (session) this.storage.setItem(KEY, JSON.stringify(session));
      else this.storage.removeItem(KEY);
    } catch {
      // Storage blocked: the session lasts as long as the page, which is all we can do.
    }
    this.notify(session);
  }

  notify(session = this.current()): void {
    for (const listener of this.listeners) listener(session);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The token to send now, refreshed first when it is about to expire. Offline, the old token is
   * returned as it is: the request will fail as offline anyway, and the refresh waits for the network.
   */
  async accessToken(): Promise<string | undefined> {
    const session = this.current();
    if (!session) return undefined;
    if (Date.parse(session.expiresAt) - this.now() > REFRESH_EARLY_MS) return session.accessToken;
    try {
      return (await this.refresh(session.accessToken))?.accessToken;
    } catch (error) {
      if (error instanceof RefreshUnavailableError) return session.accessToken;
      throw error;
    }
  }

  /**
   * Trades the refresh token for new tokens, once at a time. `stale` is the access token the caller
   * found wanting: if the stored session already holds another one, someone refreshed meanwhile.
   * Resolves to undefined when the server refused (the session is then over and cleared); rejects
   * with RefreshUnavailableError when it could not be asked.
   */
  refresh(stale?: string): Promise<Session | undefined> {
    this.refreshing ??= this.refreshShared(stale).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshShared(stale: string | undefined): Promise<Session | undefined> {
    const run = async () => {
      const session = this.current();
      if (!session) return undefined;
      const renewed = stale !== undefined && session.accessToken !== stale;
      if (renewed && Date.parse(session.expiresAt) - this.now() > REFRESH_EARLY_MS) return session;
      return this.exchange(session.refreshToken);
    };
    return this.deps.locks ? this.deps.locks.request(LOCK, run) : run();
  }

  /** With no refresh token the cookie is spent; with one (stored before the cookie) it is traded for the cookie. */
  private async exchange(refreshToken: string | undefined): Promise<Session | undefined> {
    const doFetch = this.deps.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    let body: { data?: { refreshSession?: Session } | null; errors?: unknown[] } | undefined;
    try {
      response = await doFetch(this.deps.endpoint ?? '/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json', ...REFRESH_COOKIE },
        credentials: 'same-origin',
        body: JSON.stringify({
          query: `mutation Refresh($t: String) { refreshSession(refreshToken: $t) { ${SESSION_FIELDS} } }`,
          variables: { t: refreshToken ?? null },
        }),
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new RefreshUnavailableError(error);
    }
    const next = body?.data?.refreshSession;
    if (next) {
      this.set(next);
      return next;
    }
    // Too many requests or a server fault say nothing about the token: keep it for the next try.
    if (response.status === 429 || response.status >= 500 || !body?.errors?.length) {
      throw new RefreshUnavailableError(new Error(`HTTP ${response.status}`));
    }
    this.set(undefined);
    return undefined;
  }

  /**
   * Runs a request with the current token; when the server says the token is not good (`refused`),
   * refreshes once and runs it again. Without a session the request goes out anonymous.
   */
  async withToken<R>(attempt: (token: string | undefined) => Promise<R>, refused: (result: R) => boolean): Promise<R> {
    const token = await this.accessToken();
    const first = await attempt(token);
    if (token === undefined || !refused(first)) return first;
    let renewed: Session | undefined;
    try {
      renewed = await this.refresh(token);
    } catch {
      return first;
    }
    return attempt(renewed?.accessToken);
  }

  /** fetch with `Authorization: Bearer`, for the plain HTTP endpoints (reports, imports). */
  fetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const doFetch = this.deps.fetch ?? globalThis.fetch.bind(globalThis);
    return this.withToken(
      (token) => doFetch(input, { ...init, headers: withBearer(init.headers, token) }),
      (response) => response.status === 401,
    );
  }

  /** Ends the session here at once and, best effort, on the server. */
  async signOut(): Promise<void> {
    const session = this.current();
    this.set(undefined);
    if (!session) return;
    const doFetch = this.deps.fetch ?? globalThis.fetch.bind(globalThis);
    try {
      await doFetch(this.deps.endpoint ?? '/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ query: 'mutation SignOut($t: String) { signOut(refreshToken: $t) }', variables: { t: session.refreshToken ?? null } }),
      });
    } catch {
      // Offline: the session is gone from this page's storage; its cookie and server session expire in time.
    }
  }
}

export function withBearer(headers: HeadersInit | undefined, token: string | undefined): Headers {
  const result = new Headers(headers);
  if (token) result.set('Authorization', `Bearer ${token}`);
  else result.delete('Authorization');
  return result;
}

function browserLocks(): SessionDeps['locks'] {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  // The lock is held until the callback's promise settles, and its result is the callback's.
  return locks ? { request: <T,>(name: string, callback: () => Promise<T>) => locks.request(name, callback) as Promise<T> } : undefined;
}

/** The app's one session. */
export const session = new SessionKeeper({ locks: browserLocks() });

// Another tab signed in, refreshed or signed out: tell this tab's pages.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === KEY || event.key === null) session.notify();
  });
}
