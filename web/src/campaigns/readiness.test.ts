import { describe, expect, it } from 'vitest';
import { byNeed, problemsOf, type WardReadiness } from './readiness';

const row = (name: string, teams: number, volunteers: number, uncoveredPlaces: number): WardReadiness => ({
  wardId: `u-${name}`,
  ward: { name },
  teams,
  volunteers,
  volunteersOnDuty: 0,
  places: 3,
  uncoveredPlaces,
});

describe('problemsOf', () => {
  it('names a ward with no team, and not its missing volunteers too', () => {
    expect(problemsOf(row('a', 0, 0, 3))).toEqual(['noTeam', 'uncovered']);
  });
  it('names a team with nobody on it, and places no team covers', () => {
    expect(problemsOf(row('a', 1, 0, 0))).toEqual(['noVolunteers']);
    expect(problemsOf(row('a', 1, 4, 1))).toEqual(['uncovered']);
    expect(problemsOf(row('a', 1, 4, 0))).toEqual([]);
  });
});

describe('byNeed', () => {
  it('puts the wards with most problems first, then by name', () => {
    const sorted = byNeed([row('Cự Khê', 1, 4, 0), row('Bích Hòa', 1, 4, 1), row('Tam Hưng', 0, 0, 2), row('Bình Minh', 1, 4, 0)], 'vi');
    expect(sorted.map((r) => r.ward.name)).toEqual(['Tam Hưng', 'Bích Hòa', 'Bình Minh', 'Cự Khê']);
  });
});
