import { describe, expect, it } from 'vitest';
import { blockers, depthOf, enumOf, periodCsv, presetRange, type LevelClosing, type PeriodCounts } from './figures';

const level = (unitId: string, parentId: string | null, status: LevelClosing['status']): LevelClosing => ({
  unitId, parentId, status, unit: { name: unitId, kind: 'WARD' }, current: { helps: 1 }, closed: null,
});

describe('presetRange', () => {
  it('starts this week on its Monday and this month on its first day', () => {
    // 4 December 2026 is a Friday.
    expect(presetRange('week', '2026-12-04')).toEqual({ from: '2026-11-30', to: '2026-12-04' });
    expect(presetRange('week', '2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-11-30' });
    expect(presetRange('week', '2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(presetRange('month', '2026-12-04')).toEqual({ from: '2026-12-01', to: '2026-12-04' });
  });

  it('runs since the first campaign day, or today before there is one', () => {
    expect(presetRange('launch', '2026-12-04', '2026-08-27')).toEqual({ from: '2026-08-27', to: '2026-12-04' });
    expect(presetRange('launch', '2026-12-04')).toEqual({ from: '2026-12-04', to: '2026-12-04' });
  });
});

describe('closing levels', () => {
  const levels = [level('p', null, 'OPEN'), level('d', 'p', 'AMENDED'), level('w1', 'd', 'CLOSED'), level('w2', 'd', 'OPEN')];

  it('names the children that keep a level from closing', () => {
    expect(blockers(levels, 'd').map((l) => l.unitId)).toEqual(['w2']);
    expect(blockers(levels, 'p').map((l) => l.unitId)).toEqual(['d']);
    expect(blockers(levels, 'w1')).toEqual([]);
  });

  it('indents each level by its depth below the first listed', () => {
    expect(levels.map((l) => depthOf(levels, l))).toEqual([0, 1, 2, 2]);
  });
});

describe('periodCsv', () => {
  it('lists each unit and the total with a column per service, quoting names with commas', () => {
    const figures = (helps: number, service: string) => ({
      helps, minutes: helps * 10, byService: [{ key: service, count: helps }], byProcedure: [], byChannel: [], byOutcome: [{ key: 'follow-up', count: 1 }],
    });
    const period: PeriodCounts = {
      from: '2026-12-01', to: '2026-12-04', campaignIds: ['c-1'],
      total: { unitId: 'd', unit: { name: 'Huyện Thanh Oai', kind: 'DISTRICT' }, figures: { ...figures(5, 'account'), byService: [{ key: 'account', count: 3 }, { key: 'scan', count: 2 }] }, volunteerHours: 7.5, volunteers: 3 },
      units: [
        { unitId: 'a', unit: { name: 'Xã A, Cự Khê', kind: 'WARD' }, figures: figures(3, 'account'), volunteerHours: 4, volunteers: 2 },
        { unitId: 'b', unit: { name: 'Xã B', kind: 'WARD' }, figures: figures(2, 'scan'), volunteerHours: 3.5, volunteers: 1 },
      ],
    };
    const csv = periodCsv(period, { unit: 'Đơn vị', helps: 'Lượt', followUps: 'Cần hỗ trợ tiếp', minutes: 'Phút', volunteers: 'TNV', hours: 'Giờ' }, (code) => code.toUpperCase());
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFĐơn vị,Lượt,Cần hỗ trợ tiếp,Phút,TNV,Giờ,ACCOUNT,SCAN',
      '"Xã A, Cự Khê",3,1,30,2,4,3,0',
      'Xã B,2,1,20,1,3.5,0,2',
      'Huyện Thanh Oai,5,1,50,3,7.5,3,2',
      '',
    ]);
  });

  it('reads stored codes as the schema names them', () => {
    expect(enumOf('birth-registration')).toBe('BIRTH_REGISTRATION');
  });
});
