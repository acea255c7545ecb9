import { GraphQLRequestError, gql } from '../api/graphql';
import { bySeq, type HelpRecord, type OutboxAction, type OutboxItem, type OutboxStore } from './store';
import { newId } from './identity';

export interface LogResult {
  recordId: string;
  receipt: { recordId: string; duplicate: boolean } | null;
  error: { code: string; field: string; message: string } | null;
}

/** What the outbox sends; GraphQL in the app, a fake in the tests. */
export interface SyncApi {
  checkIn(campaignId: string, volunteerId: string, placeId: string): Promise<void>;
  checkOut(campaignId: string, volunteerId: string): Promise<void>;
  logHelps(campaignId: string, volunteerId: string, helps: HelpRecord[]): Promise<LogResult[]>;
}

export const graphQLSyncApi: SyncApi = {
  async checkIn(c, v, placeId) {
    await gql('mutation CheckIn($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { checkedInAt } }', { c, v, p: placeId });
  },
  async checkOut(c, v) {
    await gql('mutation CheckOut($c: ID!, $v: ID!) { checkOut(campaignId: $c, volunteerId: $v) { checkedOutAt } }', { c, v });
  },
  async logHelps(c, v, helps) {
    const data = await gql<{ logHelps: LogResult[] }>(
      `mutation LogHelps($c: ID!, $v: ID!, $h: [HelpInput!]!) {
        logHelps(campaignId: $c, volunteerId: $v, helps: $h) { recordId receipt { recordId duplicate } error { code field message } } }`,
      { c, v, h: helps },
    );
    return data.logHelps;
  },
};

/**
 * A refusal is the server saying no to this item (a GraphQL error it chose to send): retrying
 * unchanged would be refused again, so the item is set aside with the reason. Anything else —
 * no network, a proxy's error page, a 5xx — is passing, and the item waits for the next sync.
 */
export function refusalOf(error: unknown): { code: string; message: string } | undefined {
  if (!(error instanceof GraphQLRequestError) || error.errors.length === 0 || error.status >= 500) return undefined;
  const first = error.errors[0];
  const code = first?.extensions?.code;
  // Signed out (the session ended while the phone was away): the item is fine, it waits for the volunteer to sign in again.
  if (code === 'UNAUTHENTICATED') return undefined;
  return { code: typeof code === 'string' ? code : 'ERROR', message: error.message };
}

export interface SyncReport {
  sent: number;
  refused: number;
  /** True when the sync stopped at an item it could not deliver (offline, server down). */
  interrupted: boolean;
}

/**
 * The phone's queue of check-ins, check-outs and helps, kept in an OutboxStore until the server
 * acknowledges each. An item is removed only after its receipt (a duplicate receipt included:
 * the server already holds it), so closing the app mid-sync loses nothing, and the server's
 * record-id key makes the resend of an unacknowledged item count once.
 */
export class Outbox {
  private syncing: Promise<SyncReport> | undefined;
  private lastSeq = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly api: SyncApi,
    private readonly batchSize = 50,
  ) {}

  items(): Promise<OutboxItem[]> {
    return this.store.all();
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

  /** One sync at a time: a second call while one runs waits for it instead of sending twice. */
  sync(): Promise<SyncReport> {
    this.syncing ??= this.run().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async run(): Promise<SyncReport> {
    const report: SyncReport = { sent: 0, refused: 0, interrupted: false };
    const waiting = (await this.store.all()).filter((i) => !i.error).sort(bySeq);
    let at = 0;
    while (at < waiting.length) {
      const head = waiting[at]!;
      const batch = head.action.kind === 'help' ? this.helpBatch(waiting, at) : [head];
      at += batch.length;
      try {
        const refusals = await this.send(batch);
        const refusedIds = new Set(refusals.keys());
        await this.store.remove(batch.filter((i) => !refusedIds.has(i.id)).map((i) => i.id));
        for (const item of batch) {
          const refusal = refusals.get(item.id);
          if (refusal) await this.store.put({ ...item, error: refusal });
        }
        report.sent += batch.length - refusals.size;
        report.refused += refusals.size;
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) {
          report.interrupted = true;
          break;
        }
        for (const item of batch) await this.store.put({ ...item, error: refusal });
        report.refused += batch.length;
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

  /** Sends a batch; answers the refused items' reasons by id, and throws when nothing can be said. */
  private async send(batch: OutboxItem[]): Promise<Map<string, { code: string; message: string }>> {
    const head = batch[0]!;
    const action = head.action;
    if (action.kind === 'checkIn') {
      await this.api.checkIn(head.campaignId, head.volunteerId, action.placeId);
      return new Map();
    }
    if (action.kind === 'checkOut') {
      await this.api.checkOut(head.campaignId, head.volunteerId);
      return new Map();
    }
    const helps = batch.map((i) => (i.action as { help: HelpRecord }).help);
    const results = await this.api.logHelps(head.campaignId, head.volunteerId, helps);
    const byId = new Map(results.map((r) => [r.recordId, r]));
    // Every record must be answered for; one the server skipped is kept to be sent again.
    if (helps.some((h) => !byId.has(h.recordId))) throw new Error('logHelps answered for fewer records than sent');
    const refusals = new Map<string, { code: string; message: string }>();
    for (const help of helps) {
      const result = byId.get(help.recordId)!;
      if (!result.receipt) refusals.set(help.recordId, { code: result.error?.code ?? 'ERROR', message: result.error?.message ?? '' });
    }
    return refusals;
  }
}
