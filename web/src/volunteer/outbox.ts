import { GraphQLRequestError, gql } from '../api/graphql';
import { explainGraphQLError } from '../api/refusal';
import { bySeq, type HelpRecord, type ItemRefusal, type OutboxAction, type OutboxItem, type OutboxStore } from './store';
import { newId } from './identity';

export interface LogResult {
  recordId: string;
  receipt: { recordId: string; duplicate: boolean } | null;
  error: { code: string; field: string; message: string } | null;
}

/** What the outbox sends; GraphQL in the app, a fake in the tests. */
export interface SyncApi {
  checkIn(campaignId: string, volunteerId: string, placeId: string, at: string | undefined, tapId: string): Promise<void>;
  checkOut(campaignId: string, volunteerId: string, at: string | undefined, tapId: string): Promise<void>;
  logHelps(campaignId: string, volunteerId: string, helps: HelpRecord[]): Promise<LogResult[]>;
  voidHelp(campaignId: string, volunteerId: string, recordId: string, reason: string): Promise<void>;
}

export const graphQLSyncApi: SyncApi = {
  async checkIn(c, v, placeId, at, tapId) {
    await gql(
      'mutation CheckIn($c: ID!, $v: ID!, $p: ID!, $at: DateTimeOffset, $tap: ID) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p, at: $at, tapId: $tap) { checkedInAt } }',
      { c, v, p: placeId, at, tap: tapId },
    );
  },
  async checkOut(c, v, at, tapId) {
    await gql(
      'mutation CheckOut($c: ID!, $v: ID!, $at: DateTimeOffset, $tap: ID) { checkOut(campaignId: $c, volunteerId: $v, at: $at, tapId: $tap) { checkedOutAt } }',
      { c, v, at, tap: tapId },
    );
  },
  async logHelps(c, v, helps) {
    const data = await gql<{ logHelps: LogResult[] }>(
      `mutation LogHelps($c: ID!, $v: ID!, $h: [HelpInput!]!) {
        logHelps(campaignId: $c, volunteerId: $v, helps: $h) { recordId receipt { recordId duplicate } error { code field message } } }`,
      { c, v, h: helps },
    );
    return data.logHelps;
  },
  async voidHelp(c, v, recordId, reason) {
    await gql('mutation VoidHelp($c: ID!, $v: ID!, $r: ID!, $why: String!) { voidHelp(campaignId: $c, volunteerId: $v, recordId: $r, reason: $why) { voidedAt } }', {
      c,
      v,
      r: recordId,
      why: reason,
    });
  },
};

/** The server's code for a time stamped by a phone whose clock runs ahead of the allowed skew. */
export const CLOCK_SKEW = 'CLOCK_SKEW';

/**
 * What a failed send means for the item. `passing`: the network, a 5xx, the platform's UNAVAILABLE or
 * INTERNAL, a rate limit or an ended session; the item waits and is sent again by itself. `clock`: the
 * phone's clock is wrong; the item waits on the phone too, and the volunteer is told. `refused`: the
 * server said no for a reason the volunteer can act on; the item is set aside with it.
 */
export type Failure = { kind: 'passing' } | { kind: 'clock'; refusal: ItemRefusal } | { kind: 'refused'; refusal: ItemRefusal };

const waitingCodes = new Set(['UNAUTHENTICATED', 'RATE_LIMITED']);

export function classify(error: unknown): Failure {
  if (explainGraphQLError(error).retry || !(error instanceof GraphQLRequestError)) return { kind: 'passing' };
  const first = error.errors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'ERROR';
  const field = typeof first?.extensions?.field === 'string' ? first.extensions.field : undefined;
  return classifyCode({ code, field, message: first?.message ?? error.message });
}

function classifyCode(refusal: ItemRefusal): Failure {
  if (waitingCodes.has(refusal.code)) return { kind: 'passing' };
  if (refusal.code === CLOCK_SKEW) return { kind: 'clock', refusal };
  return { kind: 'refused', refusal };
}

export interface SyncReport {
  sent: number;
  refused: number;
  /** True when the sync stopped at an item it could not deliver (offline, server down, the phone's clock). */
  interrupted: boolean;
  /** Set when the server found the phone's clock ahead: nothing was dropped, the volunteer should set the clock. */
  clock?: ItemRefusal;
  /** When the outbox tries again by itself, after an interrupted sync. */
  retryInMs?: number;
}

/** How the outbox waits between tries after a passing fault; the timer and the dice are injectable for tests. */
export interface RetryPolicy {
  firstMs: number;
  maxMs: number;
  random: () => number;
  schedule: (retry: () => void, ms: number) => void;
}

export const defaultRetry: RetryPolicy = {
  firstMs: 2_000,
  maxMs: 5 * 60_000,
  random: Math.random,
  schedule: (retry, ms) => setTimeout(retry, ms),
};

/**
 * The wait before try number `failures` + 1: doubling from `firstMs` up to `maxMs`, then a random
 * half taken off, so a thousand phones back from the same outage do not all call at once.
 */
export function backoffMs(policy: RetryPolicy, failures: number): number {
  const ceiling = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

/**
 * The phone's queue of check-ins, check-outs, helps and voids, kept in an OutboxStore until the server
 * acknowledges each, and sent in the order they were made. An item is removed only after its receipt (a
 * duplicate receipt included: the server already holds it), so closing the app mid-sync loses nothing, and
 * the ids made on the phone (recordId, tapId) make the resend of an unacknowledged item count once.
 */
export class Outbox {
  private syncing: Promise<SyncReport> | undefined;
  private lastSeq = 0;
  private failures = 0;
  private retryPending = false;
  private again = false;
  private readonly listeners = new Set<(report: SyncReport) => void>();

  constructor(
    private readonly store: OutboxStore,
    private readonly api: SyncApi,
    private readonly batchSize = 50,
    private readonly retryPolicy: RetryPolicy = defaultRetry,
  ) {}

  items(): Promise<OutboxItem[]> {
    return this.store.all();
  }

  /** Told of every sync, the ones the outbox starts by itself included. */
  listen(listener: (report: SyncReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async add(campaignId: string, volunteerId: string, action: OutboxAction): Promise<OutboxItem> {
    const existing = await this.store.all();
    // Time-based so a second tab's items interleave sensibly; never below the last one so order holds.
    const seq = Math.max(Date.now(), this.lastSeq + 1, ...existing.map((i) => i.seq + 1));
    this.lastSeq = seq;
    const id = action.kind === 'help' ? action.help.recordId : newId();
    const item: OutboxItem = { id, seq, campaignId, volunteerId, action };
    await this.store.put(item);
    return item;
  }

  /** Puts a refused item back in line, e.g. after the volunteer checked in again. */
  async retry(id: string): Promise<void> {
    const item = (await this.store.all()).find((i) => i.id === id);
    if (!item) return;
    delete item.error;
    await this.store.put(item);
  }

  async discard(id: string): Promise<void> {
    await this.store.remove([id]);
  }

  /**
   * One sync at a time: a second call while one runs waits for it instead of sending twice. That run read
   * the queue before the call, so one more run follows it for whatever was queued meanwhile (a tap during a
   * sync would otherwise wait for the next trigger).
   */
  sync(): Promise<SyncReport> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    let interrupted = false;
    this.syncing = this.run()
      .then((report) => {
        interrupted = report.interrupted;
        return this.afterRun(report);
      })
      .finally(() => {
        this.syncing = undefined;
        const again = this.again;
        this.again = false;
        // After an interrupted run the retry timer sends it all; after a whole one, only the latecomers wait.
        if (again && !interrupted) void this.sync();
      });
    return this.syncing;
  }

  private afterRun(report: SyncReport): SyncReport {
    if (!report.interrupted) {
      this.failures = 0;
    } else {
      this.failures++;
      report.retryInMs = backoffMs(this.retryPolicy, this.failures);
      // One timer at a time: a manual sync meanwhile does not stack another.
      if (!this.retryPending) {
        this.retryPending = true;
        this.retryPolicy.schedule(() => {
          this.retryPending = false;
          void this.sync();
        }, report.retryInMs);
      }
    }
    for (const listener of this.listeners) listener(report);
    return report;
  }

  private async run(): Promise<SyncReport> {
    const report: SyncReport = { sent: 0, refused: 0, interrupted: false };
    const waiting = (await this.store.all()).filter((i) => !i.error).sort(bySeq);
    let at = 0;
    while (at < waiting.length) {
      const head = waiting[at]!;
      const batch = head.action.kind === 'help' ? this.helpBatch(waiting, at) : [head];
      at += batch.length;
      let failures: Map<string, Failure>;
      try {
        failures = await this.send(batch);
      } catch (error) {
        const failure = classify(error);
        failures = new Map(batch.map((i) => [i.id, failure]));
      }
      const settled = batch.filter((i) => !failures.has(i.id) || failures.get(i.id)!.kind === 'refused');
      await this.store.remove(settled.filter((i) => !failures.has(i.id)).map((i) => i.id));
      for (const item of batch) {
        const failure = failures.get(item.id);
        if (failure?.kind === 'refused') await this.store.put({ ...item, error: failure.refusal });
        if (failure?.kind === 'clock') report.clock = failure.refusal;
      }
      report.sent += batch.length - failures.size;
      report.refused += [...failures.values()].filter((f) => f.kind === 'refused').length;
      // What follows may depend on what is still waiting (helps on a check-in): order is kept by stopping here.
      if (settled.length < batch.length) {
        report.interrupted = true;
        break;
      }
    }
    return report;
  }

  /** Consecutive helps of one volunteer's campaign, up to batchSize: what one logHelps call may carry. */
  private helpBatch(items: OutboxItem[], from: number): OutboxItem[] {
    const head = items[from]!;
    const batch: OutboxItem[] = [];
    for (let i = from; i < items.length && batch.length < this.batchSize; i++) {
      const item = items[i]!;
      if (item.action.kind !== 'help' || item.campaignId !== head.campaignId || item.volunteerId !== head.volunteerId) break;
      batch.push(item);
    }
    return batch;
  }

  /** Sends a batch; answers the failed items by id, and throws when nothing can be said of any. */
  private async send(batch: OutboxItem[]): Promise<Map<string, Failure>> {
    const head = batch[0]!;
    const { campaignId: c, volunteerId: v, action } = head;
    switch (action.kind) {
      case 'checkIn':
        await this.api.checkIn(c, v, action.placeId, action.at, head.id);
        return new Map();
      case 'checkOut':
        await this.api.checkOut(c, v, action.at, head.id);
        return new Map();
      case 'void':
        await this.api.voidHelp(c, v, action.recordId, action.reason);
        return new Map();
      case 'help':
        break;
    }
    const helps = batch.map((i) => (i.action as { help: HelpRecord }).help);
    const results = await this.api.logHelps(c, v, helps);
    const byId = new Map(results.map((r) => [r.recordId, r]));
    // Every record must be answered for; one the server skipped is kept to be sent again.
    if (helps.some((h) => !byId.has(h.recordId))) throw new Error('logHelps answered for fewer records than sent');
    const failures = new Map<string, Failure>();
    for (const help of helps) {
      const result = byId.get(help.recordId)!;
      if (!result.receipt) {
        const error = result.error;
        failures.set(help.recordId, classifyCode({ code: error?.code ?? 'ERROR', field: error?.field, message: error?.message ?? '' }));
      }
    }
    return failures;
  }
}
