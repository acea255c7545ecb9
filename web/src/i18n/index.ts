import { vi, type MessageKey, type Messages } from './vi';

export type { MessageKey } from './vi';
export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];
export const DEFAULT_LANG: Lang = 'vi';

// English is fetched when a reader picks it: most never do, and it would be a quarter of the phone's first load.
const catalogues: Record<Lang, Partial<Messages>> = { vi, en: {} };

/** Fetches a language's catalogue once; until it arrives, its texts fall back to Vietnamese. */
export async function loadLang(lang: Lang): Promise<void> {
  if (lang === 'en' && Object.keys(catalogues.en).length === 0) catalogues.en = (await import('./en')).en;
}
const STORAGE_KEY = 'volunteers.lang';

export type Params = Record<string, string | number>;

/**
 * Falls back to Vietnamese, then to the key itself, so a missing translation shows
 * something readable instead of breaking the page.
 */
export function translate(lang: Lang, key: MessageKey, params?: Params, source = catalogues): string {
  const text = source[lang]?.[key] ?? source[DEFAULT_LANG]?.[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** Whether a key made at run time (`field.${name}`) is in the catalogue. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(vi, key);
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * A `?lang=` in the address wins (so a shared link opens in the sender's language), then the
 * reader's last choice; the browser's own language is ignored because Vietnamese is the default
 * for everyone, including readers whose phones are set to English.
 */
export function pickLang(search: string, stored: string | null): Lang {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (isLang(fromUrl)) return fromUrl;
  if (isLang(stored)) return stored;
  return DEFAULT_LANG;
}

export function initialLang(): Lang {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage may be blocked (private mode, embedded views); the default is fine then.
  }
  return pickLang(location.search, stored);
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembering is harmless.
  }
}
