import type { UnitKind } from '../api/schema.generated';

// What the organiser fills in to create a campaign, checked before it is sent so each field says
// what is wrong with it; the server checks the same again and its refusals land on the same fields.

export interface ServiceDraft {
  code: string;
  name: string;
  nameEn: string;
}

export interface CampaignDraft {
  name: string;
  date: string;
  startsAt: string;
  endsAt: string;
  wardIds: string[];
  services: ServiceDraft[];
}

/** The fields of the form, named as CampaignInput names them so a server refusal finds its field. */
export type DraftField = 'name' | 'date' | 'startsAt' | 'endsAt' | 'wardIds' | 'services';

export type DraftProblem = 'required' | 'tooLong' | 'endBeforeStart' | 'noWard' | 'noService';

/** CampaignGrain: a campaign's name is at most this long. */
export const MAX_NAME = 200;

export function checkDraft(draft: CampaignDraft): Partial<Record<DraftField, DraftProblem>> {
  const problems: Partial<Record<DraftField, DraftProblem>> = {};
  const name = draft.name.trim();
  if (!name) problems.name = 'required';
  else if (name.length > MAX_NAME) problems.name = 'tooLong';
  if (!draft.date) problems.date = 'required';
  if (!draft.startsAt) problems.startsAt = 'required';
  if (!draft.endsAt) problems.endsAt = 'required';
  else if (draft.startsAt && draft.endsAt <= draft.startsAt) problems.endsAt = 'endBeforeStart';
  if (draft.wardIds.length === 0) problems.wardIds = 'noWard';
  if (draft.services.length === 0) problems.services = 'noService';
  return problems;
}

/**
 * A service code made from its Vietnamese name, so the organiser types a name and never a code:
 * the letters without their marks, đ as d, lower case, words joined by '-', at most 40 characters
 * (the server's rule for codes).
 */
export function serviceCode(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** Adds a service by its names; undefined when the name makes no code or the code is taken already. */
export function addService(services: readonly ServiceDraft[], name: string, nameEn: string): ServiceDraft[] | undefined {
  const code = serviceCode(name);
  if (!code || services.some((s) => s.code === code)) return undefined;
  return [...services, { code, name: name.trim(), nameEn: nameEn.trim() || name.trim() }];
}

export interface TreeUnit {
  id: string;
  name: string;
  kind: UnitKind;
  children?: TreeUnit[];
}

/** A district (or the organiser's own unit, for wards right under it) and its wards. */
export interface WardGroup {
  id: string;
  name: string;
  wards: { id: string; name: string }[];
}

/**
 * The wards below the organiser's unit, grouped by district; wards right under a province (the
 * 2025 reform abolished districts in places) form a group of the province itself.
 */
export function wardGroups(root: TreeUnit, lang: string): WardGroup[] {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, lang);
  const wardsOf = (unit: TreeUnit) => (unit.children ?? []).filter((u) => u.kind === 'WARD').map(({ id, name }) => ({ id, name })).sort(byName);
  if (root.kind === 'WARD') return [];
  const groups: WardGroup[] = [];
  const direct = wardsOf(root);
  if (direct.length > 0) groups.push({ id: root.id, name: root.name, wards: direct });
  for (const district of (root.children ?? []).filter((u) => u.kind === 'DISTRICT').sort(byName)) {
    groups.push({ id: district.id, name: district.name, wards: wardsOf(district) });
  }
  return groups;
}

/** Districts below a province, where the organiser may give a district its own organiser. */
export function districtsBelow(root: TreeUnit, lang: string): { id: string; name: string }[] {
  if (root.kind !== 'PROVINCE') return [];
  return (root.children ?? [])
    .filter((u) => u.kind === 'DISTRICT')
    .map(({ id, name }) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
}

/** The unit tree the pages need, to the depth of a province's wards: province → district → ward. */
export const TREE_QUERY = `query Tree($id: ID!) { unit(id: $id) { id name kind
  children { id name kind children { id name kind } } } }`;

/** AccountService: usernames and passwords the server takes. */
export const MIN_PASSWORD = 10;

export type AccountProblem = 'username' | 'password';

/** The first thing the server would refuse of a new staff login, or undefined. */
export function checkAccount(username: string, password: string): AccountProblem | undefined {
  if (!/^[a-z0-9._-]{3,64}$/.test(username.trim().toLowerCase())) return 'username';
  if (password.length < MIN_PASSWORD || password.length > 128) return 'password';
  return undefined;
}
