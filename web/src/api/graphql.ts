import { REFRESH_COOKIE, session as appSession, withBearer, type SessionKeeper } from './session';

export const GRAPHQL_ENDPOINT = '/graphql';

// graphql-response+json first: with it, a server following the GraphQL-over-HTTP spec answers
// request errors with a 4xx status and still sends a GraphQL body we can read the messages from.
export const GRAPHQL_ACCEPT = 'application/graphql-response+json, application/json';

export interface GraphQLErrorItem {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface GraphQLResponse<T = unknown> {
  data?: T | null;
  errors?: GraphQLErrorItem[];
  extensions?: Record<string, unknown>;
}

export type Variables = Record<string, unknown>;

export interface GraphQLRequestOptions {
  operationName?: string;
  signal?: AbortSignal;
  endpoint?: string;
  /** Injected by tests; the browser's fetch otherwise. */
  fetch?: typeof fetch;
  /** Sent without a token: signing in must not carry a dead one (the server answers 401 to it). */
  anonymous?: boolean;
  /** Injected by tests; the app's one session otherwise. */
  session?: SessionKeeper;
}

export interface RawGraphQLResult<T = unknown> {
  status: number;
  /** Undefined when the server did not answer with JSON (a proxy error page, say). */
  body?: GraphQLResponse<T>;
  text: string;
}

export class GraphQLRequestError extends Error {
  readonly status: number;
  readonly errors: GraphQLErrorItem[];
  /** Partial data the server returned alongside the errors, if any. */
  readonly data: unknown;

  constructor(message: string, status: number, errors: GraphQLErrorItem[] = [], data: unknown = undefined) {
    super(message);
    this.name = 'GraphQLRequestError';
    this.status = status;
    this.errors = errors;
    this.data = data;
  }
}

/** One POST, without judging the answer; the explorer shows whatever came back. */
export async function postGraphQL<T = unknown>(
  query: string,
  variables?: Variables,
  options: GraphQLRequestOptions = {},
): Promise<RawGraphQLResult<T>> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const payload: { query: string; variables?: Variables; operationName?: string } = { query };
  if (variables && Object.keys(variables).length > 0) payload.variables = variables;
  if (options.operationName) payload.operationName = options.operationName;

  const send = async (token: string | undefined): Promise<RawGraphQLResult<T>> => {
    const response = await doFetch(options.endpoint ?? GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers: withBearer({ 'Content-Type': 'application/json', Accept: GRAPHQL_ACCEPT, ...REFRESH_COOKIE }, token),
      body: JSON.stringify(payload),
      signal: options.signal,
      credentials: 'same-origin',
    });
    const text = await response.text();
    let body: GraphQLResponse<T> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as GraphQLResponse<T>;
    } catch {
      body = undefined;
    }
    return { status: response.status, body, text };
  };
  if (options.anonymous) return send(undefined);
  return (options.session ?? appSession).withToken(send, unauthenticated);
}

/** An expired or revoked token: 401 from the token check, or UNAUTHENTICATED from a field. */
export function unauthenticated(result: RawGraphQLResult): boolean {
  return result.status === 401 || (result.body?.errors ?? []).some((e) => e?.extensions?.code === 'UNAUTHENTICATED');
}

/**
 * Returns `data` or throws: a caller that got data back can trust all of it. Partial results
 * (data plus errors) throw too, with the partial data kept on the error for callers that want it.
 */
export async function gql<T>(query: string, variables?: Variables, options?: GraphQLRequestOptions): Promise<T> {
  const { status, body, text } = await postGraphQL<T>(query, variables, options);

  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (errors.length > 0) {
    const messages = errors.map((e) => (typeof e?.message === 'string' && e.message ? e.message : 'Unknown error'));
    throw new GraphQLRequestError(messages.join('\n'), status, errors, body?.data ?? undefined);
  }
  if (!body) {
    throw new GraphQLRequestError(`HTTP ${status}: the server did not answer with JSON${snippet(text)}`, status);
  }
  if (status < 200 || status >= 300) {
    throw new GraphQLRequestError(`HTTP ${status}`, status, [], body.data ?? undefined);
  }
  if (body.data === undefined || body.data === null) {
    throw new GraphQLRequestError('The response has no data', status);
  }
  return body.data;
}

function snippet(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (!trimmed) return '';
  return `: ${trimmed.length > 120 ? `${trimmed.slice(0, 120)}…` : trimmed}`;
}
