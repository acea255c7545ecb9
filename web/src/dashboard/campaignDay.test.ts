import { describe, expect, it } from 'vitest';
import { closedNotice, parseGrace, reportUrl } from './campaignDay';

describe('parseGrace', () => {
  it('takes whole minutes from 0 to 10080, and empty for the server’s default', () => {
    expect(parseGrace(' 90 ')).toBe(90);
    expect(parseGrace('0')).toBe(0);
    expect(parseGrace('10080')).toBe(10080);
    expect(parseGrace('')).toBeUndefined();
    expect(parseGrace('10081')).toBeNull();
    expect(parseGrace('-5')).toBeNull();
    expect(parseGrace('1.5')).toBeNull();
  });
});

describe('closedNotice', () => {
  const closedAt = '2026-08-27T10:00:00Z';
  const until = '2026-08-27T11:30:00Z';
  it('says until when late syncs are taken while the grace lasts, and final after it', () => {
    expect(closedNotice({ status: 'CLOSED', closedAt, lateSyncUntil: until }, Date.parse('2026-08-27T10:05:00Z'))).toEqual({ key: 'tools.closed', closedAt, until });
    expect(closedNotice({ status: 'CLOSED', closedAt, lateSyncUntil: until }, Date.parse('2026-08-27T12:00:00Z'))?.key).toBe('tools.closed.final');
    expect(closedNotice({ status: 'CLOSED', closedAt, lateSyncUntil: closedAt }, 0)?.key).toBe('tools.closed.noGrace');
    expect(closedNotice({ status: 'RUNNING', closedAt: null, lateSyncUntil: null }, 0)).toBeUndefined();
  });
});

describe('reportUrl', () => {
  it('asks for the scope on screen in the reader’s language', () => {
    expect(reportUrl('c-1', 'u-2', 'vi', '.csv')).toBe('/reports/c-1.csv?scope=u-2&lang=vi');
    expect(reportUrl('c-1', null, 'en', '/progress.svg')).toBe('/reports/c-1/progress.svg?lang=en');
  });
});
