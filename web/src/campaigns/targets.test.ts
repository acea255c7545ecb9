import { describe, expect, it } from 'vitest';
import { changedSince, copyTargets, fillService, gridOf, lastCampaign, parseTarget, readGrid, withCell } from './targets';

const wards = ['u-a', 'u-b', 'u-c'];
const services = ['account', 'cashless'];

describe('parseTarget', () => {
  it('reads whole numbers from 0 to ten million, and empty as no target', () => {
    expect(parseTarget('')).toBe(0);
    expect(parseTarget(' 25 ')).toBe(25);
    expect(parseTarget('10000000')).toBe(10_000_000);
  });
  it('refuses what the server would', () => {
    expect(parseTarget('-5')).toBeNull();
    expect(parseTarget('2.5')).toBeNull();
    expect(parseTarget('abc')).toBeNull();
    expect(parseTarget('10000001')).toBeNull();
  });
});

describe('fillService', () => {
  it('puts one figure in every ward of one service and leaves the other services alone', () => {
    const grid = fillService(withCell({}, 'u-a', 'cashless', '7'), wards, 'account', '30');
    expect(wards.map((w) => grid[w]?.account)).toEqual(['30', '30', '30']);
    expect(grid['u-a']?.cashless).toBe('7');
    expect(grid['u-b']?.cashless).toBeUndefined();
  });
});

describe('copyTargets', () => {
  it('copies the figures whose ward and service this campaign also has, and counts them', () => {
    const from = [
      { wardId: 'u-a', service: 'account', count: 40 },
      { wardId: 'u-b', service: 'cashless', count: 12 },
      { wardId: 'u-z', service: 'account', count: 99 },
      { wardId: 'u-a', service: 'scan', count: 5 },
    ];
    const { grid, copied } = copyTargets(withCell({}, 'u-c', 'account', '3'), wards, services, from);
    expect(copied).toBe(2);
    expect(grid).toEqual({ 'u-a': { account: '40' }, 'u-b': { cashless: '12' }, 'u-c': { account: '3' } });
  });
});

describe('lastCampaign', () => {
  const campaign = (id: string, date: string, wardIds: string[], count = 1) => ({
    id,
    name: id,
    date,
    wardIds,
    targets: count ? [{ wardId: wardIds[0]!, service: 'account', count }] : [],
  });
  it('is the latest other campaign with targets that shares a ward', () => {
    const all = [
      campaign('c-old', '2026-03-26', ['u-a']),
      campaign('c-now', '2026-12-04', ['u-a']),
      campaign('c-late', '2026-08-27', ['u-b']),
      campaign('c-elsewhere', '2026-11-01', ['u-z']),
      campaign('c-empty', '2026-10-01', ['u-a'], 0),
    ];
    expect(lastCampaign('c-now', wards, all)?.id).toBe('c-late');
    expect(lastCampaign('c-now', ['u-z'], all)?.id).toBe('c-elsewhere');
    expect(lastCampaign('c-now', ['u-q'], all)).toBeUndefined();
  });
});

describe('readGrid', () => {
  it('names every cell of every ward, zeros included, so a cleared cell clears its target', () => {
    const read = readGrid({ 'u-a': { account: '10' } }, ['u-a', 'u-b'], services);
    expect(read).toEqual({
      ok: true,
      targets: [
        { wardId: 'u-a', service: 'account', count: 10 },
        { wardId: 'u-a', service: 'cashless', count: 0 },
        { wardId: 'u-b', service: 'account', count: 0 },
        { wardId: 'u-b', service: 'cashless', count: 0 },
      ],
    });
  });
  it('lists the cells that are not figures, and sends nothing', () => {
    expect(readGrid({ 'u-a': { account: '-1' }, 'u-b': { cashless: 'x' } }, ['u-a', 'u-b'], services)).toEqual({
      ok: false,
      invalid: [
        { wardId: 'u-a', service: 'account' },
        { wardId: 'u-b', service: 'cashless' },
      ],
    });
  });
});

describe('changedSince', () => {
  const saved = [{ wardId: 'u-a', service: 'account', count: 10 }];
  it('is unchanged when the grid says what was saved, an empty cell being a zero', () => {
    expect(changedSince(withCell(gridOf(saved), 'u-b', 'account', '0'), saved, wards, services)).toBe(false);
  });
  it('is changed by a new figure or a cleared one', () => {
    expect(changedSince(withCell(gridOf(saved), 'u-b', 'account', '4'), saved, wards, services)).toBe(true);
    expect(changedSince(withCell(gridOf(saved), 'u-a', 'account', ''), saved, wards, services)).toBe(true);
  });
});
