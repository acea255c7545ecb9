// The targets grid of a campaign: one figure per ward and service. The grid keeps what the
// organiser typed (text, so a half-typed or wrong figure is shown back as typed) and turns it into
// setTargets' input only when every cell reads as a whole number in the server's bounds.

/** CampaignGrain.MaxTarget: the most a target may be. */
export const MAX_TARGET = 10_000_000;

export interface TargetFigure {
  wardId: string;
  service: string;
  count: number;
}

/** Cell text by ward, then by service; a missing cell reads as no target. */
export type TargetGrid = Record<string, Record<string, string>>;

export function cell(grid: TargetGrid, wardId: string, service: string): string {
  return grid[wardId]?.[service] ?? '';
}

export function withCell(grid: TargetGrid, wardId: string, service: string, text: string): TargetGrid {
  return { ...grid, [wardId]: { ...grid[wardId], [service]: text } };
}

/** The saved targets as the grid shows them: a figure where there is one, empty elsewhere. */
export function gridOf(targets: readonly TargetFigure[]): TargetGrid {
  let grid: TargetGrid = {};
  for (const t of targets) grid = withCell(grid, t.wardId, t.service, String(t.count));
  return grid;
}

/** A cell's figure: 0 when empty, null when it is not a whole number from 0 to MAX_TARGET. */
export function parseTarget(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^\d+$/.test(trimmed)) return null;
  const count = Number(trimmed);
  return count <= MAX_TARGET ? count : null;
}

/** One figure for every ward of a service. */
export function fillService(grid: TargetGrid, wardIds: readonly string[], service: string, text: string): TargetGrid {
  return wardIds.reduce((next, wardId) => withCell(next, wardId, service, text), grid);
}

/**
 * Another campaign's targets where its ward and service are also this campaign's; cells of wards or
 * services it did not have are left as they are. Answers the grid and how many figures it took.
 */
export function copyTargets(
  grid: TargetGrid,
  wardIds: readonly string[],
  services: readonly string[],
  from: readonly TargetFigure[],
): { grid: TargetGrid; copied: number } {
  let next = grid;
  let copied = 0;
  for (const t of from) {
    if (wardIds.includes(t.wardId) && services.includes(t.service)) {
      next = withCell(next, t.wardId, t.service, String(t.count));
      copied++;
    }
  }
  return { grid: next, copied };
}

export interface PastCampaign {
  id: string;
  name: string;
  date: string;
  wardIds: string[];
  targets: TargetFigure[];
}

/** The latest other campaign that shares a ward with this one and set targets; the one to copy from. */
export function lastCampaign<C extends PastCampaign>(currentId: string, wardIds: readonly string[], campaigns: readonly C[]): C | undefined {
  return campaigns
    .filter((c) => c.id !== currentId && c.targets.length > 0 && c.wardIds.some((w) => wardIds.includes(w)))
    .sort((a, b) => b.date.localeCompare(a.date))[0];
}

export type TargetsRead = { ok: true; targets: TargetFigure[] } | { ok: false; invalid: { wardId: string; service: string }[] };

/**
 * setTargets' input: every cell of every ward, zeros included, because the server keeps the old
 * targets of a ward the call does not name, and a cleared cell must clear its target.
 */
export function readGrid(grid: TargetGrid, wardIds: readonly string[], services: readonly string[]): TargetsRead {
  const targets: TargetFigure[] = [];
  const invalid: { wardId: string; service: string }[] = [];
  for (const wardId of wardIds) {
    for (const service of services) {
      const count = parseTarget(cell(grid, wardId, service));
      if (count === null) invalid.push({ wardId, service });
      else targets.push({ wardId, service, count });
    }
  }
  return invalid.length > 0 ? { ok: false, invalid } : { ok: true, targets };
}

/** Whether the grid says something other than the saved targets (an empty cell and a 0 say the same). */
export function changedSince(grid: TargetGrid, saved: readonly TargetFigure[], wardIds: readonly string[], services: readonly string[]): boolean {
  const savedGrid = gridOf(saved);
  return wardIds.some((w) => services.some((s) => parseTarget(cell(grid, w, s)) !== parseTarget(cell(savedGrid, w, s))));
}
