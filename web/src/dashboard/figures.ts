import type { KeyCount } from '../api/schema.generated';
import type { MessageKey } from '../i18n';

/**
 * A unit's progress as its row shows it: the helps of the services that have a target, the sum of
 * those targets, and the share, computed from exactly these two figures so the row reads true
 * (13 / 65 → 20 %). Helps of services without a target are in the row's helps, not here.
 */
export interface RowProgress {
  done: number;
  target: number;
  /** Null without a target: no share of nothing. */
  percent: number | null;
}

export function rowProgress(progress: readonly { target: number; done: number }[]): RowProgress {
  const targeted = progress.filter((p) => p.target > 0);
  const target = targeted.reduce((sum, p) => sum + p.target, 0);
  const done = targeted.reduce((sum, p) => sum + p.done, 0);
  return { done, target, percent: target > 0 ? (done * 100) / target : null };
}

/** "4" for a service without a target, "4 / 10" with one: a fraction of zero means nothing to a reader. */
export function doneOfTarget(done: string, target: number, formattedTarget: string): string {
  return target > 0 ? `${done} / ${formattedTarget}` : done;
}

/** Codes travel in kebab case ("follow-up"); the i18n keys name the GraphQL enum values (FOLLOW_UP). */
function enumKey(code: string): string {
  return code.toUpperCase().replace(/-/g, '_');
}

export function procedureKey(code: string): MessageKey {
  return `procedure.${enumKey(code)}` as MessageKey;
}

export function outcomeKey(code: string): MessageKey {
  return `outcome.${enumKey(code)}` as MessageKey;
}

/** Largest first, so the procedures done most lead; ties keep the catalogue's order of codes. */
export function largestFirst(counts: readonly KeyCount[]): KeyCount[] {
  return [...counts].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** The count of follow-ups (cần hỗ trợ tiếp) among the outcomes, 0 when none was logged. */
export function followUps(byOutcome: readonly KeyCount[]): number {
  return byOutcome.find((o) => o.key === 'follow-up')?.count ?? 0;
}
