import type { Lang } from './i18n';

// Vietnamese readers get vi-VN (1.234 and 27/8/2026); English readers get British order,
// which keeps the day before the month as Vietnamese readers expect on a shared screen.
const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

export function locale(lang: Lang): string {
  return LOCALES[lang];
}

export function formatNumber(lang: Lang, value: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: fractionDigits }).format(value);
}

export function formatPercent(lang: Lang, percent: number): string {
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}

/** A campaign's DateOnly ("2026-08-27"), read as a calendar day, never shifted by the reader's time zone. */
export function formatDay(lang: Lang, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'full', timeZone: 'UTC' }).format(date);
}

/**
 * Moments are shown in Vietnam's time whatever the device is set to: a campaign day happens there,
 * and a laptop left on another zone must not move a 08:00 check-in.
 */
export const VIETNAM_TIME = 'Asia/Ho_Chi_Minh';

export function formatTime(lang: Lang, at: Date | number): string {
  return new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', timeZone: VIETNAM_TIME }).format(at);
}

export function formatClock(lang: Lang, at: Date | number): string {
  return new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: VIETNAM_TIME }).format(at);
}

/** A moment with its day, for times that may fall on another day than today (a late-sync deadline). */
export function formatMoment(lang: Lang, at: Date | number | string): string {
  const when = typeof at === 'string' ? new Date(at) : at;
  return new Intl.DateTimeFormat(locale(lang), {
    hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', timeZone: VIETNAM_TIME,
  }).format(when);
}

/** The day in Vietnam (UTC+7) as YYYY-MM-DD, for file names, whatever zone the device is set to. */
export function fileDay(at: Date | number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).format(at);
}
