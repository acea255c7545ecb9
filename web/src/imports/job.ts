import type { Fetch } from '../api/download';
import { HttpRefusal, readRefusal } from '../api/refusal';
import { session } from '../api/session';

// One import as the browser sees it: the file goes to POST /import/{kind}, which answers 202 with
// the job at once; the page then asks GET /import/{id} until the job says it is done.

export type ImportKind = 'units' | 'volunteers';
export type ImportMode = 'ALL_OR_NOTHING' | 'GOOD_ROWS';

/** A row that was not imported: its spreadsheet line (the heading is line 1), the column at fault and why. */
export interface RowError {
  line: number;
  field: string;
  code: string;
  message: string;
}

/** GET /import/{id}: a snapshot of the job. */
export interface ImportStatus {
  id: string;
  kind: ImportKind;
  /** The server writes the mode in its own casing (GoodRows); compare with modeOf. */
  mode: string;
  total: number;
  processed: number;
  created: number;
  matched: number;
  errors: RowError[];
  done: boolean;
  failure: string | null;
  startedAt: string;
  finishedAt: string | null;
  seconds: number | null;
}

/** Columns each kind needs, as the server reads them (UnitImport.Columns, VolunteerImport.Columns; branch is optional). */
export const COLUMNS: Record<ImportKind, readonly string[]> = {
  units: ['code', 'name', 'kind', 'parent_code'],
  volunteers: ['team', 'name', 'phone', 'branch'],
};

/** An import file may hold at most this much (ImportEndpoints.MaxFileBytes); larger ones are refused before sending. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface ImportDeps {
  fetch?: Fetch;
  /** Waits between polls; tests resolve it at once. */
  wait?: (ms: number) => Promise<void>;
  intervalMs?: number;
  /** Polls in a row that may fail on the network before following gives up. */
  retries?: number;
  signal?: AbortSignal;
}

const defaultFetch: Fetch = (input, init) => session.fetch(input, init);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** ALL_OR_NOTHING or GOOD_ROWS, whichever spelling the server used. */
export function modeOf(mode: string): ImportMode {
  return mode.replace(/[-_]/g, '').toUpperCase() === 'ALLORNOTHING' ? 'ALL_OR_NOTHING' : 'GOOD_ROWS';
}

/** Sends the file as the web app's file input would (multipart/form-data), and answers the job as it started. */
export async function startImport(kind: ImportKind, mode: ImportMode, file: File, deps: ImportDeps = {}): Promise<ImportStatus> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await (deps.fetch ?? defaultFetch)(`/import/${kind}?mode=${mode}`, { method: 'POST', body: form, signal: deps.signal });
  } catch (error) {
    if (deps.signal?.aborted) throw error;
    throw new HttpRefusal(0);
  }
  if (!response.ok) throw new HttpRefusal(response.status, await readRefusal(response));
  return (await response.json()) as ImportStatus;
}

/**
 * Asks for the job until it is done, handing every snapshot to `onStatus`. The next poll goes only
 * once the last one answered. A poll lost on the network is tried again (the job keeps running on
 * the server); a refusal ends the following at once.
 */
export async function followImport(id: string, onStatus: (status: ImportStatus) => void, deps: ImportDeps = {}): Promise<ImportStatus> {
  const doFetch = deps.fetch ?? defaultFetch;
  const wait = deps.wait ?? sleep;
  const retries = deps.retries ?? 5;
  let failures = 0;
  for (;;) {
    let response: Response | undefined;
    try {
      response = await doFetch(`/import/${encodeURIComponent(id)}`, { method: 'GET', signal: deps.signal });
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      if (++failures > retries) throw new HttpRefusal(0);
    }
    if (response) {
      if (!response.ok) throw new HttpRefusal(response.status, await readRefusal(response));
      failures = 0;
      const status = (await response.json()) as ImportStatus;
      onStatus(status);
      if (status.done) return status;
    }
    await wait(deps.intervalMs ?? 500);
  }
}

/** What a <progress> shows: no value while the server has not yet counted the rows (indeterminate), full once done. */
export interface ProgressView {
  value: number | undefined;
  max: number;
  percent: number | undefined;
}

export function progressOf(status: Pick<ImportStatus, 'total' | 'processed' | 'done'> | undefined): ProgressView {
  if (!status || (status.total === 0 && !status.done)) return { value: undefined, max: 1, percent: undefined };
  const max = Math.max(status.total, 1);
  const value = status.done ? max : Math.min(status.processed, max);
  return { value, max, percent: Math.round((value / max) * 100) };
}

/** How an import ended, for the sentence under the progress bar. */
export type Outcome = 'running' | 'failed' | 'refusedAll' | 'partial' | 'complete';

export function outcomeOf(status: ImportStatus): Outcome {
  if (!status.done) return 'running';
  if (status.failure) return 'failed';
  if (status.errors.length === 0) return 'complete';
  return modeOf(status.mode) === 'ALL_OR_NOTHING' && status.created === 0 ? 'refusedAll' : 'partial';
}
