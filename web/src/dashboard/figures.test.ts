import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent } from '../format';
import { doneOfTarget, followUps, largestFirst, outcomeKey, procedureKey, rowProgress } from './figures';
import { translate } from '../i18n';

describe('rowProgress', () => {
  it('computes the share from the figures the row shows: the targeted helps and their target', () => {
    // 32 helps in all, 13 of them in the one targeted service: the row shows 13 / 65 and 20 %, which agree.
    const row = rowProgress([
      { target: 65, done: 13 },
      { target: 0, done: 19 },
    ]);
    expect(row).toEqual({ done: 13, target: 65, percent: 20 });
    expect(formatPercent('vi', row.percent!)).toBe('20%');
  });

  it('lets a service beyond its target count as done, so the share equals done over target as shown', () => {
    const row = rowProgress([
      { target: 10, done: 30 },
      { target: 30, done: 10 },
    ]);
    expect(row).toEqual({ done: 40, target: 40, percent: 100 });
  });

  it('gives no share without a target', () => {
    expect(rowProgress([{ target: 0, done: 4 }])).toEqual({ done: 0, target: 0, percent: null });
    expect(rowProgress([])).toEqual({ done: 0, target: 0, percent: null });
  });
});

describe('doneOfTarget', () => {
  it('shows a service without a target as its count alone, never as a fraction of zero', () => {
    expect(doneOfTarget(formatNumber('vi', 4), 0, formatNumber('vi', 0))).toBe('4');
  });

  it('shows a fraction where a target was set', () => {
    expect(doneOfTarget(formatNumber('vi', 1234), 2000, formatNumber('vi', 2000))).toBe('1.234 / 2.000');
  });
});

describe('procedures and outcomes', () => {
  it('names every procedure and outcome code in Vietnamese', () => {
    const codes = ['marital-status', 'birth-registration', 'certified-copy', 'construction-permit', 'job-application', 'other'];
    expect(codes.map((c) => translate('vi', procedureKey(c)))).toEqual([
      'Xác nhận tình trạng hôn nhân', 'Đăng ký khai sinh', 'Chứng thực bản sao', 'Giấy phép xây dựng', 'Hồ sơ xin việc làm', 'Thủ tục khác',
    ]);
    expect(translate('vi', outcomeKey('follow-up'))).toBe('Cần hỗ trợ tiếp');
    expect(translate('vi', outcomeKey('done'))).toBe('Hoàn thành');
  });

  it('orders the largest first and finds the follow-ups', () => {
    const outcomes = [{ key: 'done', count: 3 }, { key: 'follow-up', count: 8 }];
    expect(largestFirst(outcomes).map((o) => o.key)).toEqual(['follow-up', 'done']);
    expect(followUps(outcomes)).toBe(8);
    expect(followUps([])).toBe(0);
  });
});
