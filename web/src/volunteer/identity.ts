// Who is using this phone, for which campaign. The volunteer's id is their session's scope
// (they joined with an invite code or signed in with phone and PIN); team, ward and name come
// from the server once, and are kept here so the day opens with no network.

export interface Identity {
  campaignId: string;
  campaignName: string;
  wardId: string;
  teamId: string;
  teamName: string;
  volunteerId: string;
  volunteerName: string;
}

const KEY = 'volunteers.me';

export function loadJson<T>(key: string): T | undefined {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function saveJson(key: string, value: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked: the app still works until the next reload.
  }
}

export const loadIdentity = (): Identity | undefined => loadJson<Identity>(KEY);
export const saveIdentity = (identity: Identity): void => saveJson(KEY, identity);
export const forgetIdentity = (): void => saveJson(KEY, undefined);

/** crypto.randomUUID exists only in secure contexts; a phone on a plain-http LAN address still needs ids. */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
