import { describe, expect, it, vi } from 'vitest';
import { GraphQLRequestError } from '../api/graphql';
import { Outbox, backoffMs, type LogResult, type RetryPolicy, type SyncApi } from './outbox';
import { MemoryStore, type HelpRecord } from './store';

function help(recordId: string): HelpRecord {
  return { recordId, service: 'account', channel: 'DOOR_TO_DOOR', outcome: 'DONE', minutes: 5, occurredAt: '2026-08-27T08:00:00+07:00' };
}

/** A server that keeps records by id, as the real one does, and can be taken offline or made to refuse. */
class FakeServer implements SyncApi {
  readonly records = new Map<string, HelpRecord>();
  readonly calls: string[] = [];
  checkedIn: string | undefined;
  offline = false;
  /** Taps as the server received them: place or 'out', the phone's time and its id. */
  readonly taps: [string, string | undefined, string][] = [];
  readonly voids: string[] = [];
  /** Answers every call with this failure while set. */
  failWith: (() => Error) | undefined;
  refuse = new Set<string>();
  /** Stores the batch but loses the answer, as when the network drops after the server commits. */
  dropAnswerOnce = false;

  async checkIn(_c: string, _v: string, placeId: string, at: string | undefined, tapId: string): Promise<void> {
    this.enter(`checkIn ${placeId}`);
    this.taps.push([placeId, at, tapId]);
    if (placeId === 'not-assigned') {
      throw new GraphQLRequestError('Place not assigned', 200, [{ message: 'Place not assigned', extensions: { code: 'PLACE_NOT_ASSIGNED' } }]);
    }
    this.checkedIn = placeId;
  }

  async checkOut(_c: string, _v: string, at: string | undefined, tapId: string): Promise<void> {
    this.enter('checkOut');
    this.taps.push(['out', at, tapId]);
    this.checkedIn = undefined;
  }

  async voidHelp(_c: string, _v: string, recordId: string): Promise<void> {
    this.enter(`voidHelp ${recordId}`);
    this.voids.push(recordId);
  }

  async logHelps(_c: string, _v: string, helps: HelpRecord[]): Promise<LogResult[]> {
    this.enter(`logHelps ${helps.length}`);
    const results = helps.map((h): LogResult => {
      if (!this.checkedIn) return { recordId: h.recordId, receipt: null, error: { code: 'NOT_CHECKED_IN', field: 'volunteerId', message: 'Check in first' } };
      if (this.refuse.has(h.recordId)) return { recordId: h.recordId, receipt: null, error: { code: 'INVALID', field: 'minutes', message: 'Too long' } };
      const duplicate = this.records.has(h.recordId);
      this.records.set(h.recordId, h);
      return { recordId: h.recordId, receipt: { recordId: h.recordId, duplicate }, error: null };
    });
    if (this.dropAnswerOnce) {
      this.dropAnswerOnce = false;
      throw new TypeError('Failed to fetch');
    }
    return results;
  }

  private enter(call: string): void {
    if (this.offline) throw new TypeError('Failed to fetch');
    if (this.failWith) throw this.failWith();
    this.calls.push(call);
  }
}

/** Retries the test runs by hand: the delays asked for are kept, nothing fires on its own. */
function manualRetry(random = 0.5) {
  const waits: number[] = [];
  const pending: (() => void)[] = [];
  const policy: RetryPolicy = { firstMs: 1000, maxMs: 16_000, random: () => random, schedule: (retry, ms) => (waits.push(ms), pending.push(retry)) };
  return { policy, waits, fire: () => pending.shift()?.() };
}

function setup(batchSize?: number) {
  const store = new MemoryStore();
  const server = new FakeServer();
  const retry = manualRetry();
  return { store, server, retry, outbox: new Outbox(store, server, batchSize, retry.policy) };
}

const unavailable = () => new GraphQLRequestError('The platform is briefly unavailable', 200, [{ message: 'unavailable', extensions: { code: 'UNAVAILABLE' } }]);
const http503 = () => new GraphQLRequestError('HTTP 503', 503, [{ message: 'unavailable', extensions: { code: 'UNAVAILABLE' } }]);
const network = () => new TypeError('Failed to fetch');

describe('Outbox', () => {
  it('keeps everything while offline and sends it in order, check-in first, when the network returns', async () => {
    const { store, server, outbox } = setup();
    server.offline = true;
    await outbox.add('c', 'v', { kind: 'checkIn', placeId: 'p1' });
    for (const id of ['a', 'b', 'c']) await outbox.add('c', 'v', { kind: 'help', help: help(id) });

    expect(await outbox.sync()).toMatchObject({ sent: 0, refused: 0, interrupted: true });
    expect(await store.all()).toHaveLength(4);

    server.offline = false;
    expect(await outbox.sync()).toEqual({ sent: 4, refused: 0, interrupted: false });
    expect(server.calls).toEqual(['checkIn p1', 'logHelps 3']);
    expect([...server.records.keys()]).toEqual(['a', 'b', 'c']);
    expect(await store.all()).toEqual([]);
  });

  it('survives a restart: a new outbox on the same store sends what the old one queued', async () => {
    const { store, server, outbox } = setup();
    server.offline = true;
    await outbox.add('c', 'v', { kind: 'checkIn', placeId: 'p1' });
    await outbox.add('c', 'v', { kind: 'help', help: help('a') });
    await outbox.sync();

    server.offline = false;
    const reopened = new Outbox(store, server);
    await reopened.add('c', 'v', { kind: 'help', help: help('b') });
    await reopened.sync();
    expect(server.calls).toEqual(['checkIn p1', 'logHelps 2']);
    expect([...server.records.keys()]).toEqual(['a', 'b']);
  });

  it('counts a batch once when the answer was lost after the server stored it', async () => {
    const { store, server, outbox } = setup();
    server.checkedIn = 'p1';
    await outbox.add('c', 'v', { kind: 'help', help: help('a') });
    await outbox.add('c', 'v', { kind: 'help', help: help('b') });
    server.dropAnswerOnce = true;

    expect((await outbox.sync()).interrupted).toBe(true);
    expect(await store.all()).toHaveLength(2);

    // The resend gets duplicate receipts, which acknowledge the records just as well.
    expect(await outbox.sync()).toEqual({ sent: 2, refused: 0, interrupted: false });
    expect(server.records.size).toBe(2);
    expect(await store.all()).toEqual([]);
  });

  it('sets a refused record aside with its reason and sends the rest of the batch', async () => {
    const { store, server, outbox } = setup();
    server.checkedIn = 'p1';
    server.refuse.add('b');
    for (const id of ['a', 'b', 'c']) await outbox.add('c', 'v', { kind: 'help', help: help(id) });

    expect(await outbox.sync()).toEqual({ sent: 2, refused: 1, interrupted: false });
    const left = await store.all();
    expect(left.map((i) => [i.id, i.error])).toEqual([['b', { code: 'INVALID', field: 'minutes', message: 'Too long' }]]);

    // A refused item is not sent again on its own: only the volunteer's retry puts it back in line.
    await outbox.sync();
    expect(server.calls).toEqual(['logHelps 3']);
    server.refuse.clear();
    await outbox.retry('b');
    expect(await outbox.sync()).toEqual({ sent: 1, refused: 0, interrupted: false });
    expect(await store.all()).toEqual([]);
  });

  it('keeps a refused check-in visible and goes on with the items after it', async () => {
    const { store, outbox } = setup();
    await outbox.add('c', 'v', { kind: 'checkIn', placeId: 'not-assigned' });
    await outbox.add('c', 'v', { kind: 'help', help: help('a') });

    expect(await outbox.sync()).toEqual({ sent: 0, refused: 2, interrupted: false });
    const left = await store.all();
    expect(left.map((i) => i.error?.code)).toEqual(['PLACE_NOT_ASSIGNED', 'NOT_CHECKED_IN']);

    await outbox.discard(left[0]!.id);
    expect((await store.all()).map((i) => i.id)).toEqual(['a']);
  });

  it('splits long queues into batches and keeps a check-out after the helps before it', async () => {
    const { server, outbox } = setup(2);
    server.checkedIn = 'p1';
    for (const id of ['a', 'b', 'c']) await outbox.add('c', 'v', { kind: 'help', help: help(id) });
    await outbox.add('c', 'v', { kind: 'checkOut' });
    await outbox.add('c', 'v', { kind: 'help', help: help('d') });

    await outbox.sync();
    expect(server.calls).toEqual(['logHelps 2', 'logHelps 1', 'checkOut', 'logHelps 1']);
    // Logged after the check-out, so the server refuses it — in order, as the phone did it.
    expect(server.records.has('d')).toBe(false);
  });

  it('sends once when two syncs are asked for at the same time', async () => {
    const { server, outbox } = setup();
    server.checkedIn = 'p1';
    await outbox.add('c', 'v', { kind: 'help', help: help('a') });
    const [first, second] = await Promise.all([outbox.sync(), outbox.sync()]);
    expect(first).toBe(second);
    expect(server.calls).toEqual(['logHelps 1']);
  });

  it('sends what was queued while a sync was under way, without another tap', async () => {
    const { server, outbox, store } = setup();
    server.checkedIn = 'p1';
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const logHelps = server.logHelps.bind(server);
    server.logHelps = async (...args) => {
      await held;
      return logHelps(...args);
    };
    await outbox.add('c', 'v', { kind: 'help', help: help('a') });
    const first = outbox.sync();
    await outbox.add('c', 'v', { kind: 'help', help: help('b') });
    void outbox.sync();
    release();
    await first;
    await vi.waitFor(async () => expect(await store.all()).toEqual([]));
    expect([...server.records.keys()]).toEqual(['a', 'b']);
  });

  it('treats a server error (5xx) as passing, not as a refusal', async () => {
    const { store, outbox } = setup();
    const failing = new Outbox(store, {
      checkIn: async () => {
        throw new GraphQLRequestError('HTTP 503', 503, [{ message: 'unavailable' }]);
      },
      checkOut: async () => undefined,
      logHelps: async () => [],
      voidHelp: async () => undefined,
    }, 50, manualRetry().policy);
    await outbox.add('c', 'v', { kind: 'checkIn', placeId: 'p1' });
    expect((await failing.sync()).interrupted).toBe(true);
    expect((await store.all())[0]?.error).toBeUndefined();
  });

  it('keeps items waiting, not refused, when the session has ended: they go once the volunteer signs in again', async () => {
    const { store, outbox } = setup();
    let signedIn = false;
    const api: SyncApi = {
      checkIn: async () => {
        if (!signedIn) throw new GraphQLRequestError('Sign in first', 200, [{ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED' } }]);
      },
      checkOut: async () => undefined,
      logHelps: async () => [],
      voidHelp: async () => undefined,
    };
    const phone = new Outbox(store, api, 50, manualRetry().policy);
    await outbox.add('c', 'v', { kind: 'checkIn', placeId: 'p1' });
    expect(await phone.sync()).toMatchObject({ sent: 0, refused: 0, interrupted: true });
    expect((await store.all())[0]?.error).toBeUndefined();
    signedIn = true;
    expect(await phone.sync()).toEqual({ sent: 1, refused: 0, interrupted: false });
    expect(await store.all()).toEqual([]);
  });

  it('sends check-ins, helps, voids and check-outs in the order they were made, each tap with its time and id', async () => {
    const { server, outbox } = setup();
    server.offline = true;
    const checkIn = await outbox.add('c', 'v', { kind: 'checkIn', placeId: 'p1', at: '2026-08-27T07:31:00+07:00' });
    await outbox.add('c', 'v', { kind: 'help', help: help('a') });
    await outbox.add('c', 'v', { kind: 'help', help: help('b') });
    await outbox.add('c', 'v', { kind: 'void', recordId: 'a', reason: 'wrong' });
    await outbox.add('c', 'v', { kind: 'help', help: help('c') });
    const checkOut = await outbox.add('c', 'v', { kind: 'checkOut', at: '2026-08-27T11:02:00+07:00' });
    await outbox.sync();

    server.offline = false;
    expect(await outbox.sync()).toEqual({ sent: 6, refused: 0, interrupted: false });
    expect(server.calls).toEqual(['checkIn p1', 'logHelps 2', 'voidHelp a', 'logHelps 1', 'checkOut']);
    expect(server.taps).toEqual([
      ['p1', '2026-08-27T07:31:00+07:00', checkIn.id],
      ['out', '2026-08-27T11:02:00+07:00', checkOut.id],
    ]);
  });

  it('resends a check-in whose answer was lost with the same tap id, so the server makes one shift', async () => {
    const { server, outbox } = setup();
    const item = await outbox.add('c', 'v', { kind: 'checkIn', placeId: 'p1', at: '2026-08-27T07:31:00+07:00' });
    server.failWith = network;
    await outbox.sync();
    server.failWith = undefined;
    await outbox.sync();
    expect(server.taps.map((t) => t[2])).toEqual([item.id]);
  });

  for (const [name, fault] of [['UNAVAILABLE', unavailable], ['HTTP 503', http503], ['no network', network]] as const) {
    it(`retries by itself with a growing, jittered wait on ${name}, and sets nothing aside`, async () => {
      const { store, server, retry, outbox } = setup();
      await outbox.add('c', 'v', { kind: 'checkIn', placeId: 'p1' });
      await outbox.add('c', 'v', { kind: 'help', help: help('a') });
      server.failWith = fault;

      await outbox.sync();
      retry.fire();
      await outbox.sync();
      retry.fire();
      await outbox.sync();
      expect(retry.waits).toEqual([750, 1500, 3000]);
      expect((await store.all()).map((i) => i.error)).toEqual([undefined, undefined]);
      expect(server.calls).toEqual([]);

      server.failWith = undefined;
      retry.fire();
      await outbox.sync();
      expect(server.calls).toEqual(['checkIn p1', 'logHelps 1']);
      expect(await store.all()).toEqual([]);
    });
  }

  it('waits between half and all of a doubling ceiling, never above the maximum', () => {
    const low = manualRetry(0).policy;
    const high = manualRetry(1).policy;
    expect([1, 2, 3, 10].map((n) => backoffMs(low, n))).toEqual([500, 1000, 2000, 8000]);
    expect([1, 2, 3, 10].map((n) => backoffMs(high, n))).toEqual([1000, 2000, 4000, 16_000]);
  });

  it('keeps everything on the phone when the server finds its clock ahead, says so, and sends nothing after it', async () => {
    const { store, server, outbox } = setup();
    server.checkedIn = 'p1';
    await outbox.add('c', 'v', { kind: 'help', help: help('early') });
    const skewed = new Outbox(store, {
      ...server,
      checkIn: server.checkIn.bind(server),
      checkOut: server.checkOut.bind(server),
      voidHelp: server.voidHelp.bind(server),
      logHelps: async (_c, _v, helps) =>
        helps.map((h) => ({ recordId: h.recordId, receipt: null, error: { code: 'CLOCK_SKEW', field: 'occurredAt', message: 'occurredAt is 62 minutes ahead' } })),
    }, 50, manualRetry().policy);
    await outbox.add('c', 'v', { kind: 'checkOut' });

    const report = await skewed.sync();
    expect(report).toMatchObject({ sent: 0, refused: 0, interrupted: true, clock: { code: 'CLOCK_SKEW', field: 'occurredAt' } });
    expect((await store.all()).map((i) => [i.action.kind, i.error])).toEqual([['help', undefined], ['checkOut', undefined]]);
    expect(server.calls).toEqual([]);
  });

  it('tells every sync to its listeners, the retries it starts by itself included', async () => {
    const { server, retry, outbox } = setup();
    const seen: boolean[] = [];
    outbox.listen((r) => seen.push(r.interrupted));
    await outbox.add('c', 'v', { kind: 'checkIn', placeId: 'p1' });
    server.failWith = unavailable;
    await outbox.sync();
    server.failWith = undefined;
    retry.fire();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([true, false]);
  });
});
