// Whether a ward of a campaign is ready for the day, as the readiness query answers it.

export interface WardReadiness {
  wardId: string;
  ward: { name: string };
  teams: number;
  volunteers: number;
  volunteersOnDuty: number;
  places: number;
  uncoveredPlaces: number;
}

export type ReadinessProblem = 'noTeam' | 'noVolunteers' | 'uncovered';

/** What stands between a ward and its day; a ward with no team has no volunteers either, which goes unsaid. */
export function problemsOf(row: WardReadiness): ReadinessProblem[] {
  const problems: ReadinessProblem[] = [];
  if (row.teams === 0) problems.push('noTeam');
  else if (row.volunteers === 0) problems.push('noVolunteers');
  if (row.uncoveredPlaces > 0) problems.push('uncovered');
  return problems;
}

/** Wards with the most problems first, then by name. */
export function byNeed(rows: readonly WardReadiness[], lang: string): WardReadiness[] {
  return [...rows].sort((a, b) => problemsOf(b).length - problemsOf(a).length || a.ward.name.localeCompare(b.ward.name, lang));
}
