import type { Counts } from './counts';
import { signalRTransport } from './signalr';

/** Stops a subscription; safe to call twice. */
export type Unsubscribe = () => void;

export interface LiveHandlers {
  onCounts: (counts: Counts) => void;
  /** A failed fetch or a lost connection; the transport keeps trying on its own. */
  onError?: (error: unknown) => void;
}

/**
 * Live counts of one scope of a campaign. Two implementations share this contract: the SignalR
 * hub /hubs/live, and polling GraphQL, which the hub's transport falls back on while the hub
 * cannot be reached. Pages only know this interface.
 */
export interface LiveTransport {
  subscribe(campaignId: string, scopeId: string | null, handlers: LiveHandlers): Unsubscribe;
}

const defaultTransport: LiveTransport = signalRTransport();

export function subscribe(
  campaignId: string,
  scopeId: string | null,
  onCounts: (counts: Counts) => void,
  onError?: (error: unknown) => void,
): Unsubscribe {
  return defaultTransport.subscribe(campaignId, scopeId, { onCounts, onError });
}
