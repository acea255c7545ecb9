import { describe, expect, it } from 'vitest';
import { en } from './en';
import { loadLang, pickLang, translate } from './index';
import { vi } from './vi';

describe('translate', () => {
  it('defaults to Vietnamese strings', () => {
    expect(translate('vi', 'home.title')).toBe('Tổ công nghệ số cộng đồng — ngày đồng loạt ra quân');
  });

  it('falls back to Vietnamese when the English string is missing', () => {
    const catalogues = { vi, en: { ...en, 'explorer.run': undefined } };
    expect(translate('en', 'explorer.run', undefined, catalogues)).toBe('Chạy');
    expect(translate('en', 'explorer.query', undefined, catalogues)).toBe('Query');
  });

  it('falls back to the key when no catalogue has it', () => {
    expect(translate('en', 'explorer.run', undefined, { vi: {}, en: {} })).toBe('explorer.run');
  });

  it('shows Vietnamese for English until English is loaded, then English', async () => {
    expect(translate('en', 'explorer.run')).toBe('Chạy');
    await loadLang('en');
    expect(translate('en', 'explorer.run')).toBe(en['explorer.run']);
  });

  it('fills named parameters and leaves unknown ones visible', () => {
    expect(translate('en', 'explorer.status.done', { status: 200, ms: 12 })).toBe('HTTP 200 · 12 ms');
    expect(translate('vi', 'explorer.status.done', { status: 404 })).toBe('HTTP 404 · {ms} ms');
  });

  it('has an English string for every Vietnamese key today', () => {
    expect(Object.keys(vi).filter((k) => !(k in en))).toEqual([]);
  });
});

describe('pickLang', () => {
  it('is Vietnamese unless asked otherwise', () => {
    expect(pickLang('', null)).toBe('vi');
    expect(pickLang('?lang=fr', 'de')).toBe('vi');
  });
  it('prefers the address over the stored choice', () => {
    expect(pickLang('?lang=en', 'vi')).toBe('en');
    expect(pickLang('', 'en')).toBe('en');
  });
});
