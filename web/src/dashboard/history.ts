import type { Counts } from '../live/counts';

// The API keeps totals, not a history of when helps happened, so the ticker and the 15-minute
// timeline are built in the page from the differences between successive live counts. They
// start empty when the page opens; a server-side timeline would be needed to show the morning
// to someone who opens the dashboard at noon.

export const SLOT_MS = 15 * 60 * 1000;
const TICKER_LENGTH = 8;

export interface TickerEntry {
  id: number;
  at: number;
  service: string;
  delta: number;
}

export interface LiveHistory {
  ticker: TickerEntry[];
  /** Helps per 15-minute slot, keyed by the slot's start (ms since epoch). */
  slots: Map<number, number>;
  nextId: number;
}

export const emptyHistory = (): LiveHistory => ({ ticker: [], slots: new Map(), nextId: 1 });

/** Folds one new reading into the history; the first reading of a scope only sets the baseline. */
export function advance(history: LiveHistory, previous: Counts | undefined, next: Counts, at: number): LiveHistory {
  if (!previous || previous.scopeId !== next.scopeId) return history;
  const growth = next.helps - previous.helps;
  if (growth <= 0) return history;

  const before = new Map(previous.byService.map((k) => [k.key, k.count]));
  const fresh: TickerEntry[] = [];
  let id = history.nextId;
  for (const { key, count } of next.byService) {
    const delta = count - (before.get(key) ?? 0);
    if (delta > 0) fresh.push({ id: id++, at, service: key, delta });
  }
  const slot = Math.floor(at / SLOT_MS) * SLOT_MS;
  const slots = new Map(history.slots);
  slots.set(slot, (slots.get(slot) ?? 0) + growth);
  return { ticker: [...fresh, ...history.ticker].slice(0, TICKER_LENGTH), slots, nextId: id };
}
