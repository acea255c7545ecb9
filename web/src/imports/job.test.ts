import { describe, expect, it } from 'vitest';
import { HttpRefusal } from '../api/refusal';
import { followImport, modeOf, outcomeOf, progressOf, startImport, type ImportStatus } from './job';

const status = (over: Partial<ImportStatus> = {}): ImportStatus => ({
  id: 'imp-1',
  kind: 'units',
  mode: 'GOOD_ROWS',
  total: 3,
  processed: 0,
  created: 0,
  matched: 0,
  errors: [],
  done: false,
  failure: null,
  startedAt: '2026-08-27T01:00:00Z',
  finishedAt: null,
  seconds: null,
  ...over,
});

const json = (body: unknown, code = 200) => new Response(JSON.stringify(body), { status: code, headers: { 'Content-Type': 'application/json' } });

/** A fetch that answers from a list, one answer a call, and records what it was asked. */
function scripted(...answers: (Response | Error)[]) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch, calls };
}

const noWait = async () => undefined;

describe('startImport', () => {
  it('posts the file as multipart form data with the mode in the query', async () => {
    const { fetch, calls } = scripted(json(status(), 202));
    const file = new File(['code,name,kind,parent_code\n'], 'don-vi.csv', { type: 'text/csv' });
    const started = await startImport('units', 'ALL_OR_NOTHING', file, { fetch });
    expect(started.id).toBe('imp-1');
    expect(calls[0]!.url).toBe('/import/units?mode=ALL_OR_NOTHING');
    expect(calls[0]!.init!.method).toBe('POST');
    const body = calls[0]!.init!.body as FormData;
    expect((body.get('file') as File).name).toBe('don-vi.csv');
  });

  it('keeps the server refusal of a bad file', async () => {
    const refusal = { error: { code: 'INVALID', field: 'file', message: 'file: the heading row lacks the column(s) kind; it needs code, name, kind, parent_code.' } };
    const { fetch } = scripted(json(refusal, 400));
    const error = await startImport('units', 'GOOD_ROWS', new File(['x'], 'a.csv'), { fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpRefusal);
    expect((error as HttpRefusal).status).toBe(400);
    expect((error as HttpRefusal).refusal?.field).toBe('file');
  });

  it('says network (status 0) when the server cannot be reached', async () => {
    const { fetch } = scripted(new TypeError('Failed to fetch'));
    const error = await startImport('units', 'GOOD_ROWS', new File(['x'], 'a.csv'), { fetch }).catch((e: unknown) => e);
    expect((error as HttpRefusal).status).toBe(0);
  });

  it('reads an empty 403 as a status without a refusal', async () => {
    const { fetch } = scripted(new Response(null, { status: 403 }));
    const error = (await startImport('units', 'GOOD_ROWS', new File(['x'], 'a.csv'), { fetch }).catch((e: unknown) => e)) as HttpRefusal;
    expect(error.status).toBe(403);
    expect(error.refusal).toBeUndefined();
  });
});

describe('followImport', () => {
  it('polls until done, handing every snapshot on in order', async () => {
    const { fetch, calls } = scripted(
      json(status({ total: 0 })),
      json(status({ processed: 1 })),
      json(status({ processed: 3, created: 2, done: true, errors: [{ line: 4, field: 'kind', code: 'INVALID', message: 'kind' }] })),
    );
    const seen: number[] = [];
    const waits: number[] = [];
    const done = await followImport('imp 1', (s) => seen.push(s.processed), { fetch, wait: async (ms) => void waits.push(ms), intervalMs: 250 });
    expect(seen).toEqual([0, 1, 3]);
    expect(done.created).toBe(2);
    expect(calls.map((c) => c.url)).toEqual(['/import/imp%201', '/import/imp%201', '/import/imp%201']);
    expect(waits).toEqual([250, 250]);
  });

  it('tries again after a lost poll, and gives up after too many', async () => {
    const { fetch } = scripted(new TypeError('offline'), json(status({ processed: 3, done: true })));
    expect((await followImport('imp-1', () => undefined, { fetch, wait: noWait })).done).toBe(true);

    const lost = scripted(new TypeError('a'), new TypeError('b'), new TypeError('c'));
    const error = await followImport('imp-1', () => undefined, { fetch: lost.fetch, wait: noWait, retries: 2 }).catch((e: unknown) => e);
    expect((error as HttpRefusal).status).toBe(0);
  });

  it('stops at once when the server refuses the poll', async () => {
    const { fetch } = scripted(json({ error: { code: 'NOT_FOUND', field: 'id', message: 'no job' } }, 404));
    const error = (await followImport('imp-1', () => undefined, { fetch, wait: noWait }).catch((e: unknown) => e)) as HttpRefusal;
    expect(error.status).toBe(404);
    expect(error.refusal?.code).toBe('NOT_FOUND');
  });
});

describe('progressOf', () => {
  it('is indeterminate until the server has counted the rows', () => {
    expect(progressOf(undefined).value).toBeUndefined();
    expect(progressOf(status({ total: 0 })).value).toBeUndefined();
  });
  it('follows processed rows and is full once done', () => {
    expect(progressOf(status({ total: 4, processed: 1 }))).toEqual({ value: 1, max: 4, percent: 25 });
    expect(progressOf(status({ total: 4, processed: 2, done: true }))).toEqual({ value: 4, max: 4, percent: 100 });
    expect(progressOf(status({ total: 0, done: true }))).toEqual({ value: 1, max: 1, percent: 100 });
  });
});

describe('outcomeOf', () => {
  const bad = [{ line: 3, field: 'phone', code: 'INVALID', message: 'phone' }];
  it('tells a clean, partial, refused and failed import apart', () => {
    expect(outcomeOf(status())).toBe('running');
    expect(outcomeOf(status({ done: true, created: 3 }))).toBe('complete');
    expect(outcomeOf(status({ done: true, created: 2, errors: bad }))).toBe('partial');
    expect(outcomeOf(status({ done: true, mode: 'ALL_OR_NOTHING', errors: bad }))).toBe('refusedAll');
    expect(outcomeOf(status({ done: true, failure: 'stopped' }))).toBe('failed');
  });
  it('reads either spelling of the mode', () => {
    expect(modeOf('AllOrNothing')).toBe('ALL_OR_NOTHING');
    expect(modeOf('GOOD_ROWS')).toBe('GOOD_ROWS');
  });
});
