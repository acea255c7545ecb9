import { gql } from '../api/graphql';
import type { Lang } from '../i18n';
import { locale } from '../format';
import { socketTicket, ticketedUrl } from '../api/sockets';
import type { SocketLike } from '../live/signalr';

export type SenderRole = 'ORGANISER' | 'OFFICIAL' | 'LEADER';

/** A message of the volunteer's team, as GraphQL `Message` has it. */
export interface Message {
  id: string;
  senderRole: SenderRole;
  senderName: string;
  senderUnit: string;
  scopeName: string;
  text: string;
  /** ISO time; shown in Vietnam's time whatever the phone's zone. */
  sentAt: string;
  read: boolean;
}

/**
 * What the phone keeps of its team's messages, so they read with no network: the messages newest
 * first, and the ids the volunteer marked read that the server has not acknowledged yet.
 */
export interface InboxState {
  messages: Message[];
  unsentReads: string[];
}

/** As many as a team's inbox keeps on the server (Inbox.Keep). */
export const KEEP = 100;
/** As the server bounds a message (Inbox.MaxText): short enough to forward to the team's Zalo group. */
export const MAX_TEXT = 300;

export const emptyInbox: InboxState = { messages: [], unsentReads: [] };

/**
 * Adds messages from the server or a push to what the phone holds: one entry per id, newest first,
 * at most KEEP. A message read on the phone stays read even when the server's copy predates the mark.
 */
export function merge(state: InboxState, incoming: readonly Message[]): InboxState {
  const byId = new Map(state.messages.map((m) => [m.id, m]));
  for (const message of incoming) {
    const known = byId.get(message.id);
    byId.set(message.id, { ...message, read: message.read || (known?.read ?? false) || state.unsentReads.includes(message.id) });
  }
  const messages = [...byId.values()].sort((a, b) => b.sentAt.localeCompare(a.sentAt) || b.id.localeCompare(a.id)).slice(0, KEEP);
  return { ...state, messages };
}

/** Marks messages read on the phone at once; the marks go to the server at the next sync. */
export function markRead(state: InboxState, ids: readonly string[]): InboxState {
  const fresh = ids.filter((id) => state.messages.some((m) => m.id === id && !m.read));
  if (fresh.length === 0) return state;
  return {
    messages: state.messages.map((m) => (fresh.includes(m.id) ? { ...m, read: true } : m)),
    unsentReads: [...new Set([...state.unsentReads, ...fresh])],
  };
}

/** The server took these marks: they need not be sent again. */
export function readsSent(state: InboxState, ids: readonly string[]): InboxState {
  return { ...state, unsentReads: state.unsentReads.filter((id) => !ids.includes(id)) };
}

export function unreadCount(state: InboxState): number {
  return state.messages.filter((m) => !m.read).length;
}

const VIETNAM = 'Asia/Ho_Chi_Minh';

/** When a message was sent, in Vietnam's time with the day, as every screen of the platform shows times. */
export function formatSentAt(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(locale(lang), { timeZone: VIETNAM, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
}

const FIELDS = 'id senderRole senderName senderUnit scopeName text sentAt read';
const INBOX_QUERY = `query Messages { messages { ${FIELDS} } }`;
const MARK_READ = 'mutation MarkRead($ids: [ID!]!) { markMessagesRead(ids: $ids) }';
export const FOLLOW = `subscription Messages { messages { ${FIELDS} } }`;

/** What the inbox asks of the server; GraphQL in the app, a fake in the tests. */
export interface InboxApi {
  list(): Promise<Message[]>;
  markRead(ids: string[]): Promise<void>;
}

export const graphQLInboxApi: InboxApi = {
  async list() {
    return (await gql<{ messages: Message[] }>(INBOX_QUERY)).messages;
  },
  async markRead(ids) {
    await gql(MARK_READ, { ids });
  },
};

/** The phone's inbox as a sync sees it: read now, changed through a function so pushes and taps meanwhile are kept. */
export interface InboxHolder {
  get(): InboxState;
  update(change: (state: InboxState) => InboxState): void;
}

/**
 * One sync of the inbox: the marks made offline go first, so the list that follows already has them,
 * then the list is merged in. Throws when the server cannot be reached; the phone keeps what it has.
 */
export async function syncInbox(inbox: InboxHolder, api: InboxApi): Promise<void> {
  const marks = inbox.get().unsentReads.slice(0, KEEP);
  if (marks.length > 0) {
    await api.markRead(marks);
    inbox.update((state) => readsSent(state, marks));
  }
  const listed = await api.list();
  inbox.update((state) => merge(state, listed));
}

const RECONNECT_MS = 5_000;
const openWebSocket = (url: string) => new WebSocket(url, 'graphql-transport-ws') as unknown as SocketLike;

function socketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}

/**
 * Follows the team's new messages over the GraphQL socket (graphql-transport-ws), reconnecting while
 * the page lives. `onFollowing` fires each time the subscription stands, so the caller fetches what
 * was sent while it did not. Returns a function that stops it.
 */
export function followMessages(
  onMessage: (message: Message) => void,
  onFollowing: () => void,
  { openSocket = openWebSocket, url = socketUrl(), ticket = socketTicket } = {},
): () => void {
  let stopped = false;
  let socket: SocketLike | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const connect = async () => {
    if (stopped) return;
    const address = await ticketedUrl(url, ticket);
    if (stopped) return;
    if (address === null) {
      retry = setTimeout(() => void connect(), RECONNECT_MS);
      return;
    }
    const current = openSocket(address);
    socket = current;
    current.onopen = () => current.send(JSON.stringify({ type: 'connection_init' }));
    current.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as { type: string; payload?: { data?: { messages?: Message } | null; errors?: unknown[] } };
      if (message.type === 'connection_ack') {
        current.send(JSON.stringify({ id: 'messages', type: 'subscribe', payload: { query: FOLLOW } }));
        onFollowing();
      } else if (message.type === 'next' && message.payload?.data?.messages) {
        onMessage(message.payload.data.messages);
      } else if (message.type === 'ping') {
        current.send(JSON.stringify({ type: 'pong' }));
      } else if (message.type === 'complete') {
        // The server ended the stream (the node is stopping): follow again on a fresh socket.
        current.close();
      } else if (message.type === 'error' || (message.type === 'next' && message.payload?.errors?.length)) {
        // An expired token is renewed by following again; any other refusal (an account of another role) stands.
        stopped = !JSON.stringify(message.payload).includes('UNAUTHENTICATED');
        current.close();
      }
    };
    current.onclose = () => {
      if (!stopped) retry = setTimeout(() => void connect(), RECONNECT_MS);
    };
  };
  void connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    socket?.close();
  };
}
