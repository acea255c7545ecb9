import { describe, expect, it, vi } from 'vitest';
import type { SocketLike } from '../live/signalr';
import { KEEP, emptyInbox, followMessages, formatSentAt, markRead, merge, syncInbox, unreadCount, type InboxApi, type InboxState, type Message } from './messages';

const message = (n: number, read = false): Message => ({
  id: `m-${n}`,
  senderRole: 'LEADER',
  senderName: 'totruong',
  senderUnit: 'Tổ Cự Khê',
  scopeName: 'Tổ Cự Khê',
  text: `Tin ${n}`,
  sentAt: new Date(Date.UTC(2026, 11, 4, 7, n)).toISOString(),
  read,
});

/** The server's side: its list, the marks it took, and whether it answers at all. */
function fakeServer(list: Message[]) {
  const server = { list, marked: [] as string[], online: true };
  const api: InboxApi = {
    async list() {
      if (!server.online) throw new TypeError('Failed to fetch');
      return server.list.map((m) => ({ ...m, read: m.read || server.marked.includes(m.id) }));
    },
    async markRead(ids) {
      if (!server.online) throw new TypeError('Failed to fetch');
      server.marked.push(...ids);
    },
  };
  return { server, api };
}

function holder(initial: InboxState) {
  let state = initial;
  return { get: () => state, update: (change: (s: InboxState) => InboxState) => (state = change(state)) };
}

describe('the inbox on the phone', () => {
  it('merges a sync and a push of the same message into one, newest first', () => {
    const pushed = merge(emptyInbox, [message(2)]);
    const synced = merge(pushed, [message(1), message(2), message(3)]);
    expect(synced.messages.map((m) => m.id)).toEqual(['m-3', 'm-2', 'm-1']);
    expect(unreadCount(synced)).toBe(3);
  });

  it('keeps a message read on the phone read when an older server copy says unread', () => {
    const read = markRead(merge(emptyInbox, [message(1), message(2)]), ['m-1']);
    const synced = merge(read, [message(1), message(2)]);
    expect(synced.messages.find((m) => m.id === 'm-1')?.read).toBe(true);
    expect(unreadCount(synced)).toBe(1);
    expect(synced.unsentReads).toEqual(['m-1']);
  });

  it('keeps as many messages as the server does, the newest', () => {
    const many = Array.from({ length: KEEP + 5 }, (_, i) => message(i));
    const kept = merge(emptyInbox, many);
    expect(kept.messages).toHaveLength(KEEP);
    expect(kept.messages[0]?.id).toBe(`m-${KEEP + 4}`);
    expect(kept.messages.some((m) => m.id === 'm-0')).toBe(false);
  });

  it('marks offline, keeps the marks through a failed sync and sends them once at the next', async () => {
    const { server, api } = fakeServer([message(1), message(2)]);
    const inbox = holder(emptyInbox);
    await syncInbox(inbox, api);
    server.online = false;

    inbox.update((s) => markRead(s, ['m-2', 'm-2']));
    await expect(syncInbox(inbox, api)).rejects.toThrow();
    expect(inbox.get().unsentReads).toEqual(['m-2']);
    expect(unreadCount(inbox.get())).toBe(1);

    server.online = true;
    server.list = [...server.list, message(3)];
    await syncInbox(inbox, api);
    expect(server.marked).toEqual(['m-2']);
    expect(inbox.get().unsentReads).toEqual([]);
    expect(inbox.get().messages.map((m) => [m.id, m.read])).toEqual([['m-3', false], ['m-2', true], ['m-1', false]]);
    await syncInbox(inbox, api);
    expect(server.marked).toEqual(['m-2']);
  });

  it('ignores a mark of a message it does not hold or holds read', () => {
    const state = markRead(merge(emptyInbox, [message(1, true)]), ['m-1', 'm-9']);
    expect(state.unsentReads).toEqual([]);
  });

  it('shows the sent time in Vietnam whatever the phone says', () => {
    // 07:05 UTC is 14:05 in Hà Nội.
    expect(formatSentAt('vi', message(5).sentAt)).toContain('14:05');
  });
});

class FakeSocket implements SocketLike {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  sent: { type: string; id?: string }[] = [];
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as { type: string });
  }
  close() {
    this.onclose?.();
  }
  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

describe('following the team messages', () => {
  it('subscribes once acknowledged, hands over each message, and follows again after a drop', async () => {
    vi.useFakeTimers();
    const sockets: FakeSocket[] = [];
    const received: string[] = [];
    let following = 0;
    const stop = followMessages((m) => received.push(m.id), () => following++, {
      url: 'ws://phone/graphql',
      ticket: async () => 'ticket-1',
      openSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    const first = sockets[0]!;
    expect(first.url).toBe('ws://phone/graphql?ticket=ticket-1');
    first.onopen?.();
    first.receive({ type: 'connection_ack' });
    expect(first.sent.map((m) => m.type)).toEqual(['connection_init', 'subscribe']);
    expect(following).toBe(1);
    first.receive({ id: 'messages', type: 'next', payload: { data: { messages: message(7) } } });
    expect(received).toEqual(['m-7']);

    first.close();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sockets).toHaveLength(2);
    sockets[1]!.receive({ id: 'messages', type: 'next', payload: { data: null, errors: [{ extensions: { code: 'FORBIDDEN' } }] } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(2);
    stop();
    vi.useRealTimers();
  });
});
