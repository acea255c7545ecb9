import { describe, expect, it } from 'vitest';
import type { Counts } from '../live/counts';
import { SLOT_MS, advance, emptyHistory } from './history';

function counts(helps: number, byService: Record<string, number>, scopeId = 'c-1'): Counts {
  return {
    scopeId, scopeKind: 'CAMPAIGN', version: helps, helps, minutes: 0, averageMinutes: null, volunteersOnDuty: 0, placesCovered: 0,
    byService: Object.entries(byService).map(([key, count]) => ({ key, count })), byChannel: [], byOutcome: [], byProcedure: [], progress: [], pending: 0, children: [],
  };
}

describe('advance', () => {
  it('takes the first reading as the baseline', () => {
    const history = advance(emptyHistory(), undefined, counts(10, { account: 10 }), 0);
    expect(history.ticker).toEqual([]);
    expect(history.slots.size).toBe(0);
  });

  it('puts each service that grew on the ticker, newest first, and the growth in its 15-minute slot', () => {
    const t0 = 10 * SLOT_MS + 1000;
    let history = advance(emptyHistory(), counts(1, { account: 1 }), counts(4, { account: 2, scan: 2 }), t0);
    history = advance(history, counts(4, { account: 2, scan: 2 }), counts(5, { account: 3, scan: 2 }), t0 + SLOT_MS);
    expect(history.ticker.map((e) => [e.service, e.delta])).toEqual([['account', 1], ['account', 1], ['scan', 2]]);
    expect([...history.slots]).toEqual([[10 * SLOT_MS, 3], [11 * SLOT_MS, 1]]);
  });

  it('ignores a change of scope (drill-down) and readings that did not grow', () => {
    const history = emptyHistory();
    expect(advance(history, counts(1, {}), counts(9, { a: 9 }, 'u-2'), 0)).toBe(history);
    expect(advance(history, counts(3, { a: 3 }), counts(3, { a: 3 }), 0)).toBe(history);
  });
});
