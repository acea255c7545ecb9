import { GraphQLRequestError } from './graphql';
import { isMessageKey, type MessageKey, type Params } from '../i18n';

// The plain HTTP endpoints (reports, imports) refuse a request with a status and, mostly, a JSON
// body `{ error: { code, field, message } }` whose message is English for developers. The pages
// turn both into one sentence in the reader's language and keep that message as the detail.

/** The body of a refused request: what was wrong (code), where (field) and the server's words. */
export interface Refusal {
  code: string;
  field: string;
  message: string;
}

/** A request that got no answer (status 0) or an answer other than the one asked for. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly refusal?: Refusal,
  ) {
    super(refusal?.message ?? (status === 0 ? 'network' : `HTTP ${status}`));
    this.name = 'HttpRefusal';
  }
}

/** The server's `{ error: { code, field, message } }`, or undefined when the body is not that. */
export async function readRefusal(response: Response): Promise<Refusal | undefined> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; field?: unknown; message?: unknown } } | null;
    const error = body?.error;
    if (error && typeof error.message === 'string') {
      return { code: String(error.code ?? ''), field: String(error.field ?? ''), message: error.message };
    }
  } catch {
    // Not JSON: an empty 403, a proxy's page. The status says enough.
  }
  return undefined;
}

/** A failure as the page tells it: one of its sentences, and what the server said. */
export interface Explained {
  key: MessageKey;
  params?: Params;
  /** The server's message as it was, shown smaller, for whoever has to act on it. */
  detail?: string;
}

/** The message keys of a page that has a network, signedOut, forbidden, server and refused sentence. */
export type ProblemPage = 'import.problem' | 'tools.problem';

/**
 * Why a request failed, in the sentences of `page`. No answer, the session, the role and the
 * server's own faults read alike on every page; any other 4xx goes to `readRefused` first, since
 * only the page knows what the fields of its request mean. Anything else thrown (a fetch that
 * never got an answer) reads as the network.
 */
export function explainFailure(
  error: unknown,
  page: ProblemPage,
  readRefused: (status: number, refusal: Refusal | undefined) => Explained | undefined,
): Explained {
  const { status, refusal } = error instanceof HttpRefusal ? error : new HttpRefusal(0);
  if (status === 0) return { key: `${page}.network` };
  if (status === 401) return { key: `${page}.signedOut` };
  // The access check's message names what was out of reach, which the page's sentence cannot know.
  if (status === 403) return { key: `${page}.forbidden`, detail: refusal?.message };
  if (status >= 500) return { key: `${page}.server`, params: { status } };
  const read = readRefused(status, refusal);
  if (read) return read;
  return refusal ? { key: `${page}.refused`, detail: refusal.message } : { key: `${page}.server`, params: { status } };
}

/** What the user reads of a failed GraphQL call: one sentence, and the input field it belongs beside. */
export interface FieldRefusal {
  key: MessageKey;
  /** The input the server named (`extensions.field`), when it is one of the request's arguments. */
  field?: string;
  /** The server's own words, for whoever has to act on them. */
  detail?: string;
  /** A passing fault of the network or the platform: the same request may succeed if sent again. */
  retry: boolean;
}

// The sentence of each code the api sends; a code not listed reads as `refusal.code.other`.
const codeKeys: Record<string, MessageKey> = {
  INVALID: 'refusal.code.INVALID',
  NOT_FOUND: 'refusal.code.NOT_FOUND',
  CONFLICT: 'refusal.code.CONFLICT',
  DUPLICATE: 'refusal.code.DUPLICATE',
  NOT_CHECKED_IN: 'refusal.code.NOT_CHECKED_IN',
  PLACE_NOT_ASSIGNED: 'refusal.code.PLACE_NOT_ASSIGNED',
  CHILD_OPEN: 'refusal.code.CHILD_OPEN',
  CHILD_AMENDED: 'refusal.code.CHILD_AMENDED',
  LOCKED: 'refusal.code.LOCKED',
  RATE_LIMITED: 'refusal.code.RATE_LIMITED',
  FORBIDDEN: 'refusal.code.FORBIDDEN',
  UNAUTHENTICATED: 'refusal.code.UNAUTHENTICATED',
  QUERY_TOO_DEEP: 'refusal.code.QUERY',
  QUERY_TOO_COMPLEX: 'refusal.code.QUERY',
  REQUEST_TOO_LARGE: 'refusal.code.REQUEST_TOO_LARGE',
  CLOCK_SKEW: 'refusal.code.CLOCK_SKEW',
};

// Codes of the platform's own faults: nothing in the request was wrong.
const faultCodes = new Set(['INTERNAL', 'UNAVAILABLE']);

/**
 * Why a GraphQL call failed: the sentence of the first error's code and the input it names.
 * FORBIDDEN and UNAUTHENTICATED name a schema field (`Type.field`), not an input, so such a name
 * is never offered as the form field to show the sentence beside.
 */
export function explainGraphQLError(error: unknown): FieldRefusal {
  if (!(error instanceof GraphQLRequestError)) return { key: 'refusal.network', retry: true };
  const first = error.errors[0];
  if (!first) {
    return error.status === 0 || error.status >= 500
      ? { key: 'refusal.unavailable', retry: true }
      : { key: 'refusal.code.other', detail: error.message, retry: false };
  }
  const code = typeof first.extensions?.code === 'string' ? first.extensions.code : '';
  const named = typeof first.extensions?.field === 'string' ? first.extensions.field : '';
  if (faultCodes.has(code) || error.status >= 500) return { key: 'refusal.unavailable', detail: first.message, retry: true };
  return explainRefusal(code, named, first.message);
}

/**
 * A refusal kept from an earlier answer (a phone's set-aside record, a batch's per-record error), told
 * as `explainGraphQLError` tells one that just arrived.
 */
export function explainRefusal(code: string, field: string | undefined, message: string): FieldRefusal {
  return {
    key: codeKeys[code] ?? 'refusal.code.other',
    field: field && !field.includes('.') ? field : undefined,
    detail: message,
    retry: false,
  };
}

/**
 * The refusal as one sentence: the code's, saying where when the server named an input (by its
 * name in the catalogue, `field.<name>`, else as the server sent it).
 */
export function describeRefusal(refusal: FieldRefusal, t: (key: MessageKey, params?: Params) => string): string {
  const labelKey = `field.${refusal.field ?? ''}`;
  const label = isMessageKey(labelKey) ? t(labelKey) : refusal.field;
  return t(refusal.key, { at: label ? t('refusal.at', { field: label }) : '' });
}
