// The shapes of the GraphQL answers the pages read, written by hand from api/schema.graphql:
// only the fields a page asks for, so a page's query and its type stay side by side in review.

export type CampaignStatus = 'PLANNED' | 'RUNNING' | 'CLOSED';
export type UnitKind = 'PROVINCE' | 'DISTRICT' | 'WARD' | 'NEIGHBOURHOOD' | 'DESK' | 'SERVICE_CENTRE';
export type ScopeKind = 'CAMPAIGN' | 'UNIT' | 'TEAM' | 'VOLUNTEER';
export type CoverageStatus = 'UNCOVERED' | 'COVERED' | 'DOUBLE_ASSIGNED';
export type Channel = 'DOOR_TO_DOOR' | 'ONE_STOP_DESK' | 'COMMUNITY_POINT';
export type Outcome = 'DONE' | 'FOLLOW_UP';
export type Procedure =
  | 'MARITAL_STATUS'
  | 'BIRTH_REGISTRATION'
  | 'CERTIFIED_COPY'
  | 'CONSTRUCTION_PERMIT'
  | 'JOB_APPLICATION'
  | 'OTHER';

export const CHANNELS: readonly Channel[] = ['DOOR_TO_DOOR', 'ONE_STOP_DESK', 'COMMUNITY_POINT'];
export const OUTCOMES: readonly Outcome[] = ['DONE', 'FOLLOW_UP'];
export const PROCEDURES: readonly Procedure[] = [
  'MARITAL_STATUS',
  'BIRTH_REGISTRATION',
  'CERTIFIED_COPY',
  'CONSTRUCTION_PERMIT',
  'JOB_APPLICATION',
  'OTHER',
];
/** The one service whose record must name its procedure (HelpInput.procedure). */
export const ONLINE_APPLICATION = 'online-application';

export interface Service {
  code: string;
  name: string;
  nameEn: string;
}

export interface CampaignSummary {
  id: string;
  name: string;
  date: string;
  status: CampaignStatus;
  isPublic: boolean;
}

export interface Named {
  id: string;
  name: string;
}

export interface KeyCount {
  key: string;
  count: number;
}

export interface Progress {
  service: string;
  target: number;
  done: number;
  percent: number | null;
}

export interface ChildCounts {
  scopeId: string;
  scopeKind: ScopeKind;
  helps: number;
  volunteersOnDuty: number;
  placesCovered: number;
  progress: { target: number; done: number }[];
}

export interface Counts {
  scopeId: string;
  scopeKind: ScopeKind;
  /** Grows with every change below the scope, so an unchanged version means nothing to redraw. */
  version: number;
  helps: number;
  minutes: number;
  averageMinutes: number | null;
  volunteersOnDuty: number;
  placesCovered: number;
  byService: KeyCount[];
  byChannel: KeyCount[];
  progress: Progress[];
  children: ChildCounts[];
}

/** Everything the dashboard draws; the live transports deliver exactly this shape. */
export const COUNTS_FIELDS = `scopeId scopeKind version helps minutes averageMinutes volunteersOnDuty placesCovered
  byService { key count } byChannel { key count } byOutcome { key count } byProcedure { key count } progress { service target done percent }
  children { scopeId scopeKind helps volunteersOnDuty placesCovered progress { target done } }`;

/** The campaigns the caller may see (the server filters them), as a selection other queries can include. */
export const CAMPAIGNS_FIELD = 'campaigns { id name date status isPublic }';
export const CAMPAIGNS_QUERY = `query Campaigns { ${CAMPAIGNS_FIELD} }`;

/** The name of a service in the reader's language; the code when the catalogue lacks it. */
export function serviceName(services: readonly Service[], code: string, lang: string): string {
  const service = services.find((s) => s.code === code);
  if (!service) return code;
  return lang === 'en' && service.nameEn ? service.nameEn : service.name;
}

/** Ids carry their kind as a prefix (silo/Contracts/Ids.cs): u- unit, t- team, v- volunteer, c- campaign. */
export function idKind(id: string): 'unit' | 'team' | 'volunteer' | 'campaign' | undefined {
  const prefix = id.slice(0, 2);
  return prefix === 'u-' ? 'unit' : prefix === 't-' ? 'team' : prefix === 'v-' ? 'volunteer' : prefix === 'c-' ? 'campaign' : undefined;
}
