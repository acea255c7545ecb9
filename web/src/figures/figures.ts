// Figures of periods and closings as the api answers them (periodCounts, figuresClosings, staffing).
import type { ClosedFigures, HelpFigures, KeyCount, LevelClosing as LevelClosingOfSchema, PeriodCounts as PeriodCountsOfSchema, Unit, UnitPeriod as UnitPeriodOfSchema } from '../api/schema.generated';

export type { ClosingStatus, HelpFigures } from '../api/schema.generated';

export const FIGURES_FIELDS = 'helps minutes byService { key count } byProcedure { key count } byChannel { key count } byOutcome { key count }';

type NamedUnit = { unit: Pick<Unit, 'name' | 'kind'> };

export type LevelClosing = Pick<LevelClosingOfSchema, 'unitId' | 'parentId' | 'status'> & NamedUnit & {
  current: Pick<HelpFigures, 'helps'>;
  closed: (Pick<ClosedFigures, 'closedBy' | 'closedAt' | 'checksum'> & { figures: Pick<HelpFigures, 'helps'> }) | null;
};

export type UnitPeriod = Pick<UnitPeriodOfSchema, 'unitId' | 'figures' | 'volunteerHours' | 'volunteers'> & NamedUnit;

export type PeriodCounts = Pick<PeriodCountsOfSchema, 'from' | 'to' | 'campaignIds'> & { total: UnitPeriod; units: UnitPeriod[] };

/** A stored code ("birth-registration", "follow-up") as the schema's enum value, which the catalogue labels. */
export function enumOf(code: string): string {
  return code.toUpperCase().replace(/-/g, '_');
}

export function countOf(counts: readonly KeyCount[], key: string): number {
  return counts.find((c) => c.key === key)?.count ?? 0;
}

/** The levels directly below `unitId` that keep it from closing: open, or amended after they closed. */
export function blockers(levels: readonly LevelClosing[], unitId: string): LevelClosing[] {
  return levels.filter((l) => l.parentId === unitId && l.status !== 'CLOSED');
}

/** How deep a level sits below the first one listed, for indenting the tree. */
export function depthOf(levels: readonly LevelClosing[], level: LevelClosing): number {
  let depth = 0;
  for (let parent = level.parentId; parent && levels.some((l) => l.unitId === parent); depth++) {
    parent = levels.find((l) => l.unitId === parent)?.parentId ?? null;
  }
  return depth;
}

export type Preset = 'week' | 'month' | 'launch';

/**
 * A preset range of Vietnam's local days ending today: this week from its Monday, this month from its 1st,
 * or since the first campaign day (`launch`, today when there is none yet).
 */
export function presetRange(preset: Preset, today: string, launch?: string): { from: string; to: string } {
  const day = new Date(`${today}T00:00:00Z`);
  if (preset === 'month') return { from: `${today.slice(0, 8)}01`, to: today };
  if (preset === 'launch') return { from: launch && launch < today ? launch : today, to: today };
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday);
  return { from: day.toISOString().slice(0, 10), to: today };
}

/** The period's units side by side as CSV: one row a unit, the total last, a column per service met. */
export function periodCsv(period: PeriodCounts, headings: { unit: string; helps: string; followUps: string; minutes: string; volunteers: string; hours: string }, serviceName: (code: string) => string): string {
  const services = [...new Set([period.total, ...period.units].flatMap((u) => u.figures.byService.map((s) => s.key)))].sort();
  const quote = (value: string | number) => {
    const text = String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const row = (u: UnitPeriod) => [u.unit.name, u.figures.helps, countOf(u.figures.byOutcome, 'follow-up'), u.figures.minutes, u.volunteers, u.volunteerHours,
    ...services.map((s) => countOf(u.figures.byService, s))];
  const lines = [
    [headings.unit, headings.helps, headings.followUps, headings.minutes, headings.volunteers, headings.hours, ...services.map(serviceName)],
    ...period.units.map(row),
    row(period.total),
  ];
  return `\uFEFF${lines.map((l) => l.map(quote).join(',')).join('\r\n')}\r\n`;
}
