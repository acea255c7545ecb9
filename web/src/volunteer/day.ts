import { gql } from '../api/graphql';
import type { Channel, Service, UnitKind } from '../api/schema.generated';
import type { Identity } from './identity';
import { loadJson, saveJson } from './identity';

export interface Place {
  id: string;
  name: string;
  kind: UnitKind;
}

export interface Shift {
  place: Place;
  /** ISO time; on the phone's clock when checked in offline. */
  since: string;
}

/** A shift as the server keeps it: the taps' times, the check-out's null while open. */
export interface ShiftRecord {
  place: { name: string };
  checkedInAt: string;
  checkedOutAt: string | null;
}

/** A help logged on this phone, kept so the volunteer can undo their last records. */
export interface RecentHelp {
  recordId: string;
  service: string;
  occurredAt: string;
  voided?: boolean;
}

/** How many of the last records the phone offers to undo. */
export const RECENT_KEPT = 5;

/**
 * What the phone needs to work through a day without the network: the service catalogue, the
 * team's places, the shift and the last tallies seen. Kept in localStorage per volunteer and
 * campaign, refreshed whenever the server answers.
 */
export interface Day {
  services: Service[];
  places: Place[];
  /** The place the team leader gave this volunteer for the day ("your place"), first among the places. */
  yourPlaceId: string | null;
  shift: Shift | null;
  /** When the volunteer started helping the current citizen (ms); drives the minutes field. */
  timerStart: number | null;
  tally: { mine: number; team: number } | null;
  /** The day's shifts and hours, and the hours of every day, as the server last said. */
  hours: { shifts: ShiftRecord[]; today: number; total: number } | null;
  recent: RecentHelp[];
}

const emptyDay: Day = { services: [], places: [], yourPlaceId: null, shift: null, timerStart: null, tally: null, hours: null, recent: [] };

const key = (me: Identity) => `volunteers.day.${me.campaignId}.${me.volunteerId}`;
export const loadDay = (me: Identity): Day => ({ ...emptyDay, ...loadJson<Day>(key(me)) });
export const saveDay = (me: Identity, day: Day): void => saveJson(key(me), day);

interface DayAnswer {
  campaign: { services: Service[] };
  coverage: { placeId: string; place: { name: string; kind: UnitKind }; teams: { id: string }[] }[];
  volunteer: {
    shift: { place: Place; checkedInAt: string; checkedOutAt: string | null } | null;
    shifts: ShiftRecord[] | null;
    hours: number | null;
    assignedPlace: { id: string } | null;
  };
  mine: { helps: number };
  team: { helps: number };
  myData: { totalHours: number };
}

const DAY_QUERY = `query Day($c: ID!, $w: ID!, $v: ID!, $t: ID!) {
  campaign(id: $c) { services { code name nameEn } }
  coverage(campaignId: $c, wardId: $w) { placeId place { name kind } teams { id } }
  volunteer(id: $v) { shift(campaignId: $c) { place { id name kind } checkedInAt checkedOutAt }
    shifts(campaignId: $c) { place { name } checkedInAt checkedOutAt } hours(campaignId: $c) assignedPlace(campaignId: $c) { id } }
  mine: counts(campaignId: $c, scopeId: $v) { helps }
  team: counts(campaignId: $c, scopeId: $t) { helps }
  myData { totalHours } }`;

/** The server's view of the day; the shift is only taken from it when nothing local is still unsent. */
export async function fetchDay(me: Identity): Promise<Omit<Day, 'timerStart' | 'recent'>> {
  const d = await gql<DayAnswer>(DAY_QUERY, { c: me.campaignId, w: me.wardId, v: me.volunteerId, t: me.teamId });
  const shift = d.volunteer.shift;
  const yourPlaceId = d.volunteer.assignedPlace?.id ?? null;
  // The check-in list is the team's own assignments: coverage of its ward, filtered to the team.
  const places = d.coverage.filter((p) => p.teams.some((tm) => tm.id === me.teamId)).map((p) => ({ id: p.placeId, ...p.place }));
  return {
    services: d.campaign.services,
    places: [...places.filter((p) => p.id === yourPlaceId), ...places.filter((p) => p.id !== yourPlaceId)],
    yourPlaceId,
    shift: shift && !shift.checkedOutAt ? { place: shift.place, since: shift.checkedInAt } : null,
    tally: { mine: d.mine.helps, team: d.team.helps },
    hours: { shifts: d.volunteer.shifts ?? [], today: d.volunteer.hours ?? 0, total: d.myData.totalHours },
  };
}

/** The channel a help most likely took at a place, so the common case needs no tap for it. */
export function channelAt(kind: UnitKind | undefined): Channel {
  return kind === 'DESK' || kind === 'SERVICE_CENTRE' ? 'ONE_STOP_DESK' : 'DOOR_TO_DOOR';
}

/** The minutes typed, or why they cannot be sent: the server takes whole numbers from 0 to 480. */
export function readMinutes(text: string): { minutes: number } | { problem: 'empty' | 'whole' | 'range' } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: 'empty' };
  if (!/^-?\d+$/.test(trimmed)) return { problem: 'whole' };
  const minutes = Number(trimmed);
  return minutes < 0 || minutes > 480 ? { problem: 'range' } : { minutes };
}

/** Minutes for the help from the timer: at least 1, at most the 480 the server accepts. */
export function minutesSince(start: number | null, now: number): number {
  if (start === null) return 1;
  return Math.min(480, Math.max(1, Math.round((now - start) / 60000)));
}
