import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Counts } from './counts';
import { pollingTransport } from './polling';

const counts = (version: number) => ({ scopeId: 'c-1', version, helps: version }) as Counts;

describe('pollingTransport', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('delivers a new version every interval, skips unchanged ones, and stops when unsubscribed', async () => {
    const versions = [1, 1, 2];
    const asked: (string | null)[] = [];
    const transport = pollingTransport({
      intervalMs: 2000,
      fetchCounts: async (_c, scope) => {
        asked.push(scope);
        return counts(versions.shift() ?? 2);
      },
    });
    const seen: number[] = [];
    const stop = transport.subscribe('c-1', 'u-1', { onCounts: (c) => seen.push(c.version) });

    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([1]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen).toEqual([1]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen).toEqual([1, 2]);

    stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(asked).toEqual(['u-1', 'u-1', 'u-1']);
  });

  it('reports a failed poll and keeps polling', async () => {
    let fail = true;
    const transport = pollingTransport({
      intervalMs: 1000,
      fetchCounts: async () => {
        if (fail) throw new TypeError('Failed to fetch');
        return counts(7);
      },
    });
    const errors: unknown[] = [];
    const seen: number[] = [];
    const stop = transport.subscribe('c-1', null, { onCounts: (c) => seen.push(c.version), onError: (e) => errors.push(e) });
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toHaveLength(1);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([7]);
    stop();
  });
});
