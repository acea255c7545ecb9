import type { MessageKey, Params } from '../i18n';

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
