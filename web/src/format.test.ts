import { describe, expect, it } from 'vitest';
import { formatMoment, formatTime } from './format';

describe('moments', () => {
  it('are told in Vietnam time whatever zone the device is in', () => {
    // 01:30 UTC is 08:30 in Hà Nội, on the same day.
    const at = new Date(Date.UTC(2026, 7, 27, 1, 30));
    expect(formatTime('vi', at)).toBe('08:30');
    expect(formatMoment('vi', '2026-08-27T01:30:00Z')).toContain('27/08/2026');
    expect(formatMoment('en', at)).toContain('08:30');
  });

  it('cross midnight into the next Vietnamese day', () => {
    expect(formatMoment('vi', '2026-08-27T18:00:00Z')).toContain('28/08/2026');
  });
});
