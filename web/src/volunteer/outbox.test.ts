import { describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../api/graphql';
import { Outbox, type LogResult, type SyncApi } from './outbox';
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
  refuse = new Set<string>();
  /** Stores the batch but loses the answer, as when the network drops after the server commits. */
  dropAnswerOnce = false;

  async checkIn(_c: string, _v: string, placeId: string): Promise<void> {
    this.enter(`checkIn ${placeId}`);
    if (placeId === 'not-assigned') {
      throw new GraphQLRequestError('Place not assigned', 200, [{ message: 'Place not assigned', extensions: { code: 'PLACE_NOT_ASSIGNED' } }]);
    }
    this.checkedIn = placeId;
  }

  async checkOut(): Promise<void> {
    this.enter('checkOut');
    this.checkedIn = undefined;
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
    this.calls.push(call);
  }
}

function setup(batchSize?: number) {
  const store = new MemoryStore();
  const server = new FakeServer();
  return { store, server, outbox: new Outbox(store, server, batchSize) };
}

describe('Outbox', () => {
  it('keeps everything while offline and sends it in order, check-in first, when the network returns', async () => {
    const { store, server, outbox } = setup();
    server.offline = true;
    await outbox.add('c', 'v', { kind: 'checkIn', placeId: 'p1' });
    for (const id of ['a', 'b', 'c']) await outbox.add('c', 'v', { kind: 'help', help: help(id) });

    expect(await outbox.sync()).toEqual({ sent: 0, refused: 0, interrupted: true });
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
    expect(left.map((i) => [i.id, i.error])).toEqual([['b', { code: 'INVALID', message: 'Too long' }]]);

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

  it('treats a server error (5xx) as passing, not as a refusal', async () => {
    const { store, outbox } = setup();
    const failing = new Outbox(store, {
      checkIn: async () => {
        throw new GraphQLRequestError('HTTP 503', 503, [{ message: 'unavailable' }]);
      },
      checkOut: async () => undefined,
      logHelps: async () => [],
    });
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
    };
    const phone = new Outbox(store, api);
    await outbox.add('c', 'v', { kind: 'checkIn', placeId: 'p1' });
    expect(await phone.sync()).toEqual({ sent: 0, refused: 0, interrupted: true });
    expect((await store.all())[0]?.error).toBeUndefined();
    signedIn = true;
    expect(await phone.sync()).toEqual({ sent: 1, refused: 0, interrupted: false });
    expect(await store.all()).toEqual([]);
  });
});
