import type { MessageKey } from '../i18n';

// Closing a campaign day: how long late phones may still sync is the organiser's choice
// (closeCampaign's lateSyncMinutes, 0 … 10080), the server's setting when left empty.

export const MAX_LATE_SYNC_MINUTES = 10_080;

/** The grace typed in the form: undefined for "the server's default", null for text that is not 0 … 10080 whole minutes. */
export function parseGrace(text: string): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d+$/.test(trimmed)) return null;
  const minutes = Number(trimmed);
  return minutes <= MAX_LATE_SYNC_MINUTES ? minutes : null;
}

export interface DayState {
  status: 'PLANNED' | 'RUNNING' | 'CLOSED';
  closedAt: string | null;
  lateSyncUntil: string | null;
}

/**
 * The sentence under a closed campaign: still taking late syncs until a moment, final since it,
 * or closed without any grace. Undefined while the campaign is not closed.
 */
export function closedNotice(day: DayState, now: number): { key: MessageKey; closedAt: string; until?: string } | undefined {
  if (day.status !== 'CLOSED' || !day.closedAt) return undefined;
  const until = day.lateSyncUntil;
  if (!until || Date.parse(until) <= Date.parse(day.closedAt)) return { key: 'tools.closed.noGrace', closedAt: day.closedAt };
  return { key: Date.parse(until) > now ? 'tools.closed' : 'tools.closed.final', closedAt: day.closedAt, until };
}

/** The report files of the scope the dashboard shows; the campaign's when no scope is given. */
export function reportUrl(campaignId: string, scopeId: string | null, lang: string, file: '.csv' | '.xlsx' | '/progress.svg'): string {
  const query = new URLSearchParams();
  if (scopeId) query.set('scope', scopeId);
  query.set('lang', lang);
  return `/reports/${encodeURIComponent(campaignId)}${file}?${query.toString()}`;
}
