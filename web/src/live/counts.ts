import type { Counts as CountsOfSchema } from '../api/schema.generated';

export type ChildCounts = Pick<CountsOfSchema, 'scopeId' | 'scopeKind' | 'helps' | 'volunteersOnDuty' | 'placesCovered'> & {
  progress: { target: number; done: number }[];
};

/** Everything the dashboard draws; the live transports deliver exactly this shape. */
export type Counts = Pick<
  CountsOfSchema,
  'scopeId' | 'scopeKind' | 'version' | 'helps' | 'minutes' | 'averageMinutes' | 'volunteersOnDuty' | 'placesCovered' | 'byService' | 'byChannel' | 'byOutcome' | 'byProcedure' | 'progress' | 'pending'
> & { children: ChildCounts[] };

/** The selection that fills {@link Counts}; `version` grows with every change below the scope, so an unchanged one means nothing to redraw. */
export const COUNTS_FIELDS = `scopeId scopeKind version helps minutes averageMinutes volunteersOnDuty placesCovered
  byService { key count } byChannel { key count } byOutcome { key count } byProcedure { key count } progress { service target done percent } pending
  children { scopeId scopeKind helps volunteersOnDuty placesCovered progress { target done } }`;
