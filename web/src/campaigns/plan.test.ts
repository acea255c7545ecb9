import { describe, expect, it } from 'vitest';
import { addService, checkAccount, checkDraft, districtsBelow, serviceCode, wardGroups, type CampaignDraft, type TreeUnit } from './plan';

const draft: CampaignDraft = {
  name: 'Ngày đồng loạt ra quân',
  date: '2026-12-13',
  startsAt: '07:30',
  endsAt: '11:30',
  wardIds: ['u-a'],
  services: [{ code: 'account', name: 'Tạo tài khoản', nameEn: 'Account' }],
};

describe('checkDraft', () => {
  it('finds nothing wrong with a complete draft', () => {
    expect(checkDraft(draft)).toEqual({});
  });
  it('names each field that is missing or wrong', () => {
    expect(checkDraft({ name: ' ', date: '', startsAt: '', endsAt: '', wardIds: [], services: [] })).toEqual({
      name: 'required',
      date: 'required',
      startsAt: 'required',
      endsAt: 'required',
      wardIds: 'noWard',
      services: 'noService',
    });
    expect(checkDraft({ ...draft, name: 'x'.repeat(201), endsAt: '07:30' })).toEqual({ name: 'tooLong', endsAt: 'endBeforeStart' });
  });
});

describe('serviceCode', () => {
  it('makes a code the server takes from a Vietnamese name', () => {
    expect(serviceCode('Đăng ký khai sinh')).toBe('dang-ky-khai-sinh');
    expect(serviceCode('  Ví điện tử (VNPT Money)! ')).toBe('vi-dien-tu-vnpt-money');
    expect(serviceCode('Hướng dẫn sử dụng ứng dụng định danh điện tử quốc gia trên điện thoại')).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(serviceCode('!!!')).toBe('');
  });
});

describe('addService', () => {
  it('adds a service with a code from its name and the Vietnamese name for a missing English one', () => {
    expect(addService(draft.services, 'Đăng ký khai sinh', '')).toEqual([
      ...draft.services,
      { code: 'dang-ky-khai-sinh', name: 'Đăng ký khai sinh', nameEn: 'Đăng ký khai sinh' },
    ]);
  });
  it('refuses a name that makes no code or a code already there', () => {
    expect(addService(draft.services, '???', '')).toBeUndefined();
    expect(addService([{ code: 'scan', name: 'Scan', nameEn: 'Scan' }], 'SCAN', '')).toBeUndefined();
  });
});

const province: TreeUnit = {
  id: 'u-p',
  name: 'Thành phố Hà Nội',
  kind: 'PROVINCE',
  children: [
    { id: 'u-d2', name: 'Huyện Thanh Oai', kind: 'DISTRICT', children: [
      { id: 'u-w2', name: 'Xã Cự Khê', kind: 'WARD' },
      { id: 'u-w1', name: 'Xã Bích Hòa', kind: 'WARD' },
    ] },
    { id: 'u-d1', name: 'Huyện Chương Mỹ', kind: 'DISTRICT', children: [] },
    { id: 'u-w0', name: 'Phường Ba Đình', kind: 'WARD', children: [{ id: 'u-n', name: 'Tổ 1', kind: 'NEIGHBOURHOOD' }] },
  ],
};

describe('wardGroups', () => {
  it('groups a province’s wards by district, with wards right under it in a group of its own', () => {
    expect(wardGroups(province, 'vi')).toEqual([
      { id: 'u-p', name: 'Thành phố Hà Nội', wards: [{ id: 'u-w0', name: 'Phường Ba Đình' }] },
      { id: 'u-d1', name: 'Huyện Chương Mỹ', wards: [] },
      { id: 'u-d2', name: 'Huyện Thanh Oai', wards: [{ id: 'u-w1', name: 'Xã Bích Hòa' }, { id: 'u-w2', name: 'Xã Cự Khê' }] },
    ]);
  });
  it('is one group for a district, whose wards’ neighbourhoods are no wards', () => {
    const district = province.children![0]!;
    expect(wardGroups({ ...district, children: district.children!.map((w) => ({ ...w, children: [{ id: 'u-x', name: 'Thôn', kind: 'NEIGHBOURHOOD' }] })) }, 'vi'))
      .toEqual([{ id: 'u-d2', name: 'Huyện Thanh Oai', wards: [{ id: 'u-w1', name: 'Xã Bích Hòa' }, { id: 'u-w2', name: 'Xã Cự Khê' }] }]);
  });
});

describe('districtsBelow', () => {
  it('lists a province’s districts, and none for a district', () => {
    expect(districtsBelow(province, 'vi').map((d) => d.id)).toEqual(['u-d1', 'u-d2']);
    expect(districtsBelow(province.children![0]!, 'vi')).toEqual([]);
  });
});

describe('checkAccount', () => {
  it('takes what the server takes', () => {
    expect(checkAccount(' CanBo.CuKhe ', 'mười ký tự rồi')).toBeUndefined();
  });
  it('names the username, then the password', () => {
    expect(checkAccount('cán bộ', 'x')).toBe('username');
    expect(checkAccount('ab', 'long enough secret')).toBe('username');
    expect(checkAccount('canbo', 'short')).toBe('password');
  });
});
