import { beforeAll, describe, expect, it } from 'vitest';
import { loadLang, translate } from '../i18n';
import { timeLeft, waitingNotice } from './waiting';

const NOW = Date.UTC(2026, 11, 4, 10, 0);
const closed = (minutesLeft: number) => ({ status: 'CLOSED' as const, lateSyncUntil: new Date(NOW + minutesLeft * 60_000).toISOString() });

describe('the waiting records banner', () => {
  beforeAll(() => loadLang('en'));

  it('says nothing while nothing waits', () => {
    expect(waitingNotice(0, closed(30), NOW)).toBeUndefined();
  });

  it('counts the records while the campaign runs', () => {
    const notice = waitingNotice(3, { status: 'RUNNING', lateSyncUntil: null }, NOW)!;
    expect(translate('vi', notice.key, { ...notice.params })).toBe('3 bản ghi vẫn còn trên điện thoại — hãy bật mạng để gửi.');
    expect(waitingNotice(3, undefined, NOW)?.key).toBe('waiting.records');
  });

  it('counts down the late-sync window once the campaign is closed', () => {
    const notice = waitingNotice(2, closed(85), NOW)!;
    const left = timeLeft(85 * 60_000);
    expect(translate('vi', notice.key, { ...notice.params, left: translate('vi', left.key, left.params), until: '04/12/2026 18:25' })).toBe(
      '2 bản ghi vẫn còn trên điện thoại. Ngày ra quân đã kết thúc: còn 1 giờ 25 phút để đồng bộ (đến 04/12/2026 18:25).',
    );
  });

  it('says the window is over once it is', () => {
    expect(waitingNotice(2, closed(0), NOW)?.key).toBe('waiting.lateSyncOver');
    expect(waitingNotice(2, { status: 'CLOSED', lateSyncUntil: null }, NOW)?.key).toBe('waiting.lateSyncOver');
  });

  it('tells the time left in hours and minutes, rounded down', () => {
    expect(timeLeft(59_999)).toEqual({ key: 'waiting.left.underMinute', params: {} });
    expect(timeLeft(25 * 60_000 + 59_000)).toEqual({ key: 'waiting.left.minutes', params: { m: 25 } });
    expect(timeLeft(120 * 60_000)).toEqual({ key: 'waiting.left.hours', params: { h: 2, m: 0 } });
    expect(translate('en', 'waiting.left.hours', { h: 2, m: 5 })).toBe('2 h 5 min');
  });
});
