import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Counts } from './counts';
import type { LiveTransport } from './index';
import { signalRTransport, type SocketLike } from './signalr';

class FakeSocket implements SocketLike {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  readonly sent: unknown[] = [];
  closed = false;
  send(data: string) {
    expect(data.endsWith('\u001e')).toBe(true);
    this.sent.push(JSON.parse(data.slice(0, -1)));
  }
  close() {
    this.closed = true;
    this.onclose?.();
  }
  receive(...messages: object[]) {
    this.onmessage?.({ data: messages.map((m) => JSON.stringify(m) + '\u001e').join('') });
  }
}

/** Counts how many polling subscriptions are running, and lets a test deliver a poll's answer. */
function fakeFallback() {
  const state = { running: 0, deliver: (_: Counts) => undefined as void };
  const transport: LiveTransport = {
    subscribe(_c, _s, handlers) {
      state.running++;
      state.deliver = handlers.onCounts;
      return () => state.running--;
    },
  };
  return { state, transport };
}

describe('signalRTransport', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('handshakes, takes the snapshot, follows updates with their rows, and stops polling while the hub is up', async () => {
    const sockets: FakeSocket[] = [];
    const { state, transport: fallback } = fakeFallback();
    const seen: Counts[] = [];
    const stop = signalRTransport({
      url: 'ws://x/hubs/live',
      openSocket: () => (sockets.push(new FakeSocket()), sockets.at(-1)!),
      fallback,
    }).subscribe('c-1', 'u-2', { onCounts: (c) => seen.push(c) });
    await vi.advanceTimersByTimeAsync(0);
    const socket = sockets[0]!;
    expect(state.running).toBe(1);

    socket.onopen?.();
    expect(socket.sent).toEqual([{ protocol: 'json', version: 1 }]);
    socket.receive({});
    expect(socket.sent[1]).toEqual({ type: 1, invocationId: '1', target: 'Subscribe', arguments: ['c-1', 'u-2'] });

    const row = (helps: number) => ({ scopeId: 'u-3', scopeKind: 'UNIT', helps }) as Counts['children'][number];
    socket.receive({ type: 3, invocationId: '1', result: { version: 5, helps: 5, children: [row(5)] } }, { type: 6 });
    expect(seen.map((c) => c.helps)).toEqual([5]);
    expect(state.running).toBe(0);

    socket.receive({ type: 1, target: 'Update', arguments: [{ counts: { version: 7, helps: 7, children: [row(7)] }, recent: [] }] });
    socket.receive({ type: 1, target: 'Update', arguments: [{ counts: { version: 4, helps: 4, children: [row(4)] }, recent: [] }] });
    socket.receive({ type: 1, target: 'Update', arguments: [{ counts: { version: 7, helps: 7, children: [row(7)] }, recent: [] }] });
    expect(seen.map((c) => c.helps)).toEqual([5, 7]);
    // The rows are always those sent with the total shown: never older, never newer.
    expect(seen.map((c) => c.children.map((r) => r.helps))).toEqual([[5], [7]]);

    vi.advanceTimersByTime(15_000);
    expect(socket.sent.at(-1)).toEqual({ type: 6 });

    stop();
    expect(socket.closed).toBe(true);
  });

  it('polls again while the hub is gone and reconnects', async () => {
    const sockets: FakeSocket[] = [];
    const { state, transport: fallback } = fakeFallback();
    signalRTransport({ url: 'ws://x', openSocket: () => (sockets.push(new FakeSocket()), sockets.at(-1)!), fallback }).subscribe('c-1', null, {
      onCounts: () => undefined,
    });
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.onopen?.();
    sockets[0]!.receive({}, { type: 3, invocationId: '1', result: { version: 1 } });
    expect(state.running).toBe(0);

    sockets[0]!.onclose?.();
    expect(state.running).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sockets).toHaveLength(2);
  });

  it('opens every connection with a new one-time ticket in its address, never the access token', async () => {
    const urls: string[] = [];
    const sockets: FakeSocket[] = [];
    const tickets = ['first ticket', 'second'];
    signalRTransport({
      url: 'ws://x/hubs/live',
      openSocket: (u) => (urls.push(u), sockets.push(new FakeSocket()), sockets.at(-1)!),
      fallback: fakeFallback().transport,
      ticket: async () => tickets.shift(),
    }).subscribe('c-1', null, { onCounts: () => undefined });
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.onclose?.();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(urls).toEqual(['ws://x/hubs/live?ticket=first%20ticket', 'ws://x/hubs/live?ticket=second']);
  });

  it('keeps polling and asks for a ticket again when it cannot get one, instead of connecting anonymous', async () => {
    const urls: string[] = [];
    const fallback = fakeFallback();
    let asked = 0;
    signalRTransport({
      url: 'ws://x/hubs/live',
      openSocket: (u) => (urls.push(u), new FakeSocket()),
      fallback: fallback.transport,
      ticket: async () => (++asked === 1 ? Promise.reject(new TypeError('Failed to fetch')) : 'next'),
    }).subscribe('c-1', null, { onCounts: () => undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(urls).toEqual([]);
    expect(fallback.state.running).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(urls).toEqual(['ws://x/hubs/live?ticket=next']);
  });

  it('connects anonymous without a session, as a public dashboard does', async () => {
    const urls: string[] = [];
    signalRTransport({ url: 'ws://x/hubs/live', openSocket: (u) => (urls.push(u), new FakeSocket()), fallback: fakeFallback().transport, ticket: async () => undefined })
      .subscribe('c-1', null, { onCounts: () => undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(urls).toEqual(['ws://x/hubs/live']);
  });
});
