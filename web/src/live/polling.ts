import { gql } from '../api/graphql';
import { COUNTS_FIELDS, type Counts } from './counts';
import type { LiveHandlers, LiveTransport, Unsubscribe } from './index';

export type FetchCounts = (campaignId: string, scopeId: string | null) => Promise<Counts>;

const COUNTS_QUERY = `query LiveCounts($c: ID!, $s: ID) { counts(campaignId: $c, scopeId: $s) { ${COUNTS_FIELDS} } }`;

export const fetchCountsOverGraphQL: FetchCounts = async (campaignId, scopeId) =>
  (await gql<{ counts: Counts }>(COUNTS_QUERY, { c: campaignId, s: scopeId })).counts;

export interface PollingOptions {
  intervalMs?: number;
  fetchCounts?: FetchCounts;
}

/**
 * Asks GraphQL `counts` every intervalMs. The next poll is scheduled only when the previous one
 * has answered, so a slow server is never asked twice at once; an unchanged `version` is not
 * delivered again, so a quiet campaign redraws nothing.
 */
export function pollingTransport({ intervalMs = 2000, fetchCounts = fetchCountsOverGraphQL }: PollingOptions = {}): LiveTransport {
  return {
    subscribe(campaignId: string, scopeId: string | null, { onCounts, onError }: LiveHandlers): Unsubscribe {
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let lastVersion: number | undefined;

      const poll = async () => {
        try {
          const counts = await fetchCounts(campaignId, scopeId);
          if (stopped) return;
          if (counts.version !== lastVersion) {
            lastVersion = counts.version;
            onCounts(counts);
          }
        } catch (error) {
          if (!stopped) onError?.(error);
        }
        if (!stopped) timer = setTimeout(poll, intervalMs);
      };
      void poll();

      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    },
  };
}
