import type { Counts } from './counts';
import type { LiveHandlers, LiveTransport, Unsubscribe } from './index';
import { pollingTransport } from './polling';
import { socketTicket, ticketedUrl } from '../api/sockets';

// The transport for the SignalR hub /hubs/live, speaking SignalR's JSON hub protocol over a
// bare WebSocket (skipping negotiation, which ASP.NET Core allows for WebSockets). Written by
// hand because @microsoft/signalr adds ~14 KB gzip to pages that need only "subscribe, then
// receive counts". The hub's protocol (api/Live/LiveHub.cs): Subscribe(campaignId, scopeId)
// answers with a snapshot, then Update({ counts, recent }) arrives on every change.
export const HUB_PATH = '/hubs/live';
/** Client → hub: start sending counts of (campaignId, scopeId); the result is the snapshot. */
export const SUBSCRIBE_METHOD = 'Subscribe';
/**
 * Hub → client: one { counts, recent } argument; counts has GraphQL `Counts`' fields, children included,
 * the rows below the scope taken with the total they add up to.
 */
export const UPDATE_METHOD = 'Update';
const SUBSCRIBE_ID = '1';

const RS = '\u001e'; // SignalR's record separator
const PING_MS = 15_000; // the server drops a client silent for 30 s
const RECONNECT_MS = 2_000;

/** The part of WebSocket this transport uses, so tests can hand it a fake. */
export interface SocketLike {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
  send(data: string): void;
  close(): void;
}

export interface SignalROptions {
  url?: string;
  openSocket?: (url: string) => SocketLike;
  /** Keeps the page live while the hub is unreachable. */
  fallback?: LiveTransport;
  /** The one-time ticket for each (re)connection; the app's session asks the api for one otherwise. */
  ticket?: () => Promise<string | undefined>;
}

function hubUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${HUB_PATH}`;
}

// WebSocket's handlers take DOM events; this file reads only `data`, so the narrower view is safe.
const openWebSocket = (u: string) => new WebSocket(u) as unknown as SocketLike;

export function signalRTransport({
  url,
  openSocket = openWebSocket,
  fallback = pollingTransport(),
  ticket = socketTicket,
}: SignalROptions = {}): LiveTransport {
  return {
    subscribe(campaignId: string, scopeId: string | null, handlers: LiveHandlers): Unsubscribe {
      let stopped = false;
      let socket: SocketLike | undefined;
      let ping: ReturnType<typeof setInterval> | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let latest: Counts | undefined;

      // Versions only grow, so whichever of snapshot, push or poll is newest wins. Each carries the
      // rows below the scope with the total they add up to, and both are taken together, never mixed.
      const deliver = (counts: Partial<Counts>) => {
        if (latest && (counts.version ?? 0) <= latest.version) return;
        latest = { ...counts, children: counts.children ?? [] } as Counts;
        handlers.onCounts(latest);
      };
      const polled: LiveHandlers = { onCounts: deliver, onError: handlers.onError };
      let stopFallback: Unsubscribe | undefined = fallback.subscribe(campaignId, scopeId, polled);

      const send = (message: object) => socket?.send(JSON.stringify(message) + RS);

      const connect = async () => {
        let handshaken = false;
        // A ticket opens one socket: asked again at each reconnect.
        const address = await ticketedUrl(url ?? hubUrl(), ticket);
        if (stopped) return;
        if (address === null) {
          // Polling carries on, and the socket is tried again as after a drop.
          retry = setTimeout(() => void connect(), RECONNECT_MS);
          return;
        }
        socket = openSocket(address);
        socket.onopen = () => socket?.send(JSON.stringify({ protocol: 'json', version: 1 }) + RS);
        socket.onmessage = (event) => {
          for (const frame of String(event.data).split(RS)) {
            if (!frame) continue;
            const message = JSON.parse(frame) as {
              type?: number;
              target?: string;
              invocationId?: string;
              arguments?: unknown[];
              result?: unknown;
              error?: string;
            };
            if (!handshaken) {
              // The first frame answers the handshake: {} or {"error": "..."}.
              if (message.error) {
                handlers.onError?.(new Error(message.error));
                socket?.close();
                return;
              }
              handshaken = true;
              send({ type: 1, invocationId: SUBSCRIBE_ID, target: SUBSCRIBE_METHOD, arguments: [campaignId, scopeId] });
              ping = setInterval(() => send({ type: 6 }), PING_MS);
            } else if (message.type === 3 && message.invocationId === SUBSCRIBE_ID) {
              if (message.error) {
                handlers.onError?.(new Error(message.error));
                return;
              }
              // The hub is live: polling would only add load.
              stopFallback?.();
              stopFallback = undefined;
              deliver(message.result as Partial<Counts>);
            } else if (message.type === 1 && message.target?.toLowerCase() === UPDATE_METHOD.toLowerCase()) {
              deliver((message.arguments?.[0] as { counts: Partial<Counts> }).counts);
            } else if (message.type === 7) {
              socket?.close();
            }
          }
        };
        socket.onclose = () => {
          clearInterval(ping);
          if (stopped) return;
          stopFallback ??= fallback.subscribe(campaignId, scopeId, polled);
          retry = setTimeout(() => void connect(), RECONNECT_MS);
        };
      };
      void connect();

      return () => {
        stopped = true;
        clearInterval(ping);
        clearTimeout(retry);
        stopFallback?.();
        socket?.close();
      };
    },
  };
}
