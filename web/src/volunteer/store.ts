import type { Channel, Outcome, Procedure } from '../api/schema.generated';

/** One citizen helped, as HelpInput in the schema; recordId is made on the phone so a retry names the same record. */
export interface HelpRecord {
  recordId: string;
  service: string;
  procedure?: Procedure;
  channel: Channel;
  outcome: Outcome;
  minutes: number;
  /** When it happened, not when it reached the server, which may be hours later. */
  occurredAt: string;
  placeId?: string;
}

/**
 * What the volunteer did, in the order they did it. A check-in or check-out carries the time of the
 * tap (`at`, on the phone's clock), so one sent hours later keeps the shift where it was.
 */
export type OutboxAction =
  | { kind: 'checkIn'; placeId: string; at?: string }
  | { kind: 'checkOut'; at?: string }
  | { kind: 'help'; help: HelpRecord }
  | { kind: 'void'; recordId: string; reason: string };

/** Why the server refused an item: its code and the input it named, and its own words. */
export interface ItemRefusal {
  code: string;
  field?: string;
  message: string;
}

export interface OutboxItem {
  /** The help's recordId, or a fresh id for the rest: a check-in's or check-out's is its tapId. */
  id: string;
  /** Send order: check-ins made offline must reach the server before the logs that follow them. */
  seq: number;
  campaignId: string;
  volunteerId: string;
  action: OutboxAction;
  /** Set when the server refused the item; it then waits for the volunteer to retry or discard it. */
  error?: ItemRefusal;
}

/**
 * Where the outbox lives. IndexedDB in the browser; an in-memory map in the unit tests. Small on
 * purpose: every write is a whole item, so a crash between two writes leaves each item whole.
 */
export interface OutboxStore {
  /** Every item, in seq order. */
  all(): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
}

export function bySeq(a: OutboxItem, b: OutboxItem): number {
  return a.seq - b.seq;
}

export class MemoryStore implements OutboxStore {
  private readonly items = new Map<string, OutboxItem>();

  async all(): Promise<OutboxItem[]> {
    // Copies, as IndexedDB hands out copies: a caller mutating what it read must not change the store.
    return [...this.items.values()].map((item) => structuredClone(item)).sort(bySeq);
  }

  async put(item: OutboxItem): Promise<void> {
    this.items.set(item.id, structuredClone(item));
  }

  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.items.delete(id);
  }
}

const DB_NAME = 'volunteers';
const OUTBOX = 'outbox';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export class IndexedDbStore implements OutboxStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(name = DB_NAME): Promise<IndexedDbStore> {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(OUTBOX, { keyPath: 'id' });
    return new IndexedDbStore(await request(open));
  }

  async all(): Promise<OutboxItem[]> {
    const items = await request(this.db.transaction(OUTBOX).objectStore(OUTBOX).getAll() as IDBRequest<OutboxItem[]>);
    return items.sort(bySeq);
  }

  async put(item: OutboxItem): Promise<void> {
    const tx = this.db.transaction(OUTBOX, 'readwrite');
    tx.objectStore(OUTBOX).put(item);
    // Resolves only once the transaction commits: the "saved" the volunteer sees is durable.
    await done(tx);
  }

  async remove(ids: readonly string[]): Promise<void> {
    const tx = this.db.transaction(OUTBOX, 'readwrite');
    const store = tx.objectStore(OUTBOX);
    for (const id of ids) store.delete(id);
    await done(tx);
  }
}
