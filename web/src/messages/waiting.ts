import { gql } from '../api/graphql';
import type { MessageKey, Params } from '../i18n';
import { loadJson, saveJson } from '../volunteer/identity';

/** What the phone knows of the campaign's close: enough to count down the late-sync window offline. */
export interface CampaignClose {
  status: 'PLANNED' | 'RUNNING' | 'CLOSED';
  lateSyncUntil: string | null;
}

export interface Notice {
  key: MessageKey;
  params: Params;
}

/** The time left as the banner says it: hours and minutes, rounded down, never below "less than a minute". */
export function timeLeft(ms: number): Notice {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return { key: 'waiting.left.underMinute', params: {} };
  if (minutes < 60) return { key: 'waiting.left.minutes', params: { m: minutes } };
  return { key: 'waiting.left.hours', params: { h: Math.floor(minutes / 60), m: minutes % 60 } };
}

/**
 * The warning while records wait on the phone: how many, and once the campaign is closed, how long the
 * server still takes them (or that it no longer does). Nothing while nothing waits.
 */
export function waitingNotice(count: number, close: CampaignClose | undefined, now: number): Notice | undefined {
  if (count <= 0) return undefined;
  if (close?.status !== 'CLOSED') return { key: 'waiting.records', params: { count } };
  const until = close.lateSyncUntil ? Date.parse(close.lateSyncUntil) : Number.NaN;
  if (Number.isNaN(until) || until <= now) return { key: 'waiting.lateSyncOver', params: { count } };
  return { key: 'waiting.lateSync', params: { count } };
}

const key = (campaignId: string) => `volunteers.close.${campaignId}`;

/** The close as the phone last heard it, so the countdown runs offline. */
export const loadClose = (campaignId: string): CampaignClose | undefined => loadJson<CampaignClose>(key(campaignId));

/** Asks the server about the close and keeps the answer; the last one kept when there is no answer. */
export async function fetchClose(campaignId: string): Promise<CampaignClose | undefined> {
  try {
    const { campaign } = await gql<{ campaign: CampaignClose }>('query Close($c: ID!) { campaign(id: $c) { status lateSyncUntil } }', { c: campaignId });
    saveJson(key(campaignId), campaign);
    return campaign;
  } catch {
    return loadClose(campaignId);
  }
}
