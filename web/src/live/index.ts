import type { Counts } from '../api/model';
import { pollingTransport } from './polling';

/** Stops a subscription; safe to call twice. */
export type Unsubscribe = () => void;

export interface LiveHandlers {
  onCounts: (counts: Counts) => void;
  /** A failed fetch or a lost connection; the transport keeps trying on its own. */
  onError?: (error: unknown) => void;
}

/**
 * Live counts of one scope of a campaign. Two implementations share this contract: polling
 * GraphQL (today) and the SignalR hub /hubs/live (being built on another branch). Pages only
 * know this interface, so switching transport is a one-line change in `defaultTransport`.
 */
export interface LiveTransport {
  subscribe(campaignId: string, scopeId: string | null, handlers: LiveHandlers): Unsubscribe;
}

let defaultTransport: LiveTransport = pollingTransport();

/** For the lead wiring SignalR: `useTransport(signalRTransport())` at start-up, or per page. */
export function useTransport(transport: LiveTransport): void {
  defaultTransport = transport;
}

export function subscribe(
  campaignId: string,
  scopeId: string | null,
  onCounts: (counts: Counts) => void,
  onError?: (error: unknown) => void,
): Unsubscribe {
  return defaultTransport.subscribe(campaignId, scopeId, { onCounts, onError });
}
