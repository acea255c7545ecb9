import { describe, expect, it } from 'vitest';
import { readMinutes } from './day';

describe('readMinutes', () => {
  it('takes whole minutes from 0 to 480, the bounds the server keeps', () => {
    expect(['0', '15', ' 480 '].map(readMinutes)).toEqual([{ minutes: 0 }, { minutes: 15 }, { minutes: 480 }]);
  });

  it('refuses with a reason what the server would refuse or silently change', () => {
    expect(['-5', '', 'abc', '2.5', '481'].map(readMinutes)).toEqual([
      { problem: 'range' },
      { problem: 'empty' },
      { problem: 'whole' },
      { problem: 'whole' },
      { problem: 'range' },
    ]);
  });
});
