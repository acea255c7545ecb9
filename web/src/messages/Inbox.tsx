import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { formatNumber } from '../format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';
import { loadJson, saveJson, type Identity } from '../volunteer/identity';
import {
  emptyInbox,
  followMessages,
  formatSentAt,
  graphQLInboxApi,
  markRead,
  merge,
  syncInbox,
  unreadCount,
  type InboxState,
  type Message,
} from './messages';

const SYNC_EVERY_MS = 30_000;

const key = (me: Identity) => `volunteers.messages.${me.volunteerId}`;

/**
 * The team's messages on the volunteer's phone: pushed while the phone is connected, fetched at each
 * sync otherwise, kept on the phone to read offline; marking them read works offline too.
 */
export function Inbox({ me }: { me: Identity }) {
  const { t, lang } = useI18n();
  const [inbox, setInboxState] = useState<InboxState>(() => ({ ...emptyInbox, ...loadJson<InboxState>(key(me)) }));
  const [open, setOpen] = useState(false);
  const inboxRef = useRef(inbox);

  const setInbox = useCallback(
    (change: (state: InboxState) => InboxState) => {
      const next = change(inboxRef.current);
      inboxRef.current = next;
      saveJson(key(me), next);
      setInboxState(next);
    },
    [me],
  );

  const syncing = useRef<Promise<void> | undefined>(undefined);
  const sync = useCallback(() => {
    syncing.current ??= syncInbox({ get: () => inboxRef.current, update: setInbox }, graphQLInboxApi)
      .catch(() => {
        // Offline or server down: the phone keeps what it has and tries at the next sync.
      })
      .finally(() => {
        syncing.current = undefined;
      });
    return syncing.current;
  }, [setInbox]);

  useEffect(() => {
    void sync();
    const timer = setInterval(() => {
      if (navigator.onLine) void sync();
    }, SYNC_EVERY_MS);
    const online = () => void sync();
    window.addEventListener('online', online);
    const stop = followMessages((message) => setInbox((state) => merge(state, [message])), () => void sync());
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', online);
      stop();
    };
  }, [sync, setInbox]);

  const unread = unreadCount(inbox);
  // Closed, the inbox still shows what the volunteer has not read yet, newest first, one at a time.
  const newestUnread = inbox.messages.find((m) => !m.read);
  const read = (ids: string[]) => {
    setInbox((state) => markRead(state, ids));
    if (navigator.onLine) void sync();
  };

  return (
    <section class="inbox" aria-labelledby="inbox-h" data-testid="inbox">
      <h2 id="inbox-h">
        <button type="button" class="inbox-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t('messages.title')}
          {unread > 0 && (
            <span class="badge" data-testid="inbox-unread" aria-label={t('messages.unread', { count: formatNumber(lang, unread) })}>
              {formatNumber(lang, unread)}
            </span>
          )}
        </button>
      </h2>
      {!open && newestUnread && <MessageItem message={newestUnread} onRead={read} />}
      {open && (
        <>
          {inbox.messages.length === 0 && <p class="muted">{t('messages.none')}</p>}
          {unread > 1 && (
            <button type="button" class="link" onClick={() => read(inbox.messages.filter((m) => !m.read).map((m) => m.id))}>
              {t('messages.readAll')}
            </button>
          )}
          <ul class="messages">
            {inbox.messages.map((m) => (
              <li key={m.id}>
                <MessageItem message={m} onRead={read} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function MessageItem({ message, onRead }: { message: Message; onRead: (ids: string[]) => void }) {
  const { t, lang } = useI18n();
  return (
    <article class={message.read ? 'message' : 'message unread'} data-testid="message">
      <p class="message-text">{message.text}</p>
      <p class="muted">
        {t(`messages.from.${message.senderRole}` as MessageKey, { unit: message.senderUnit })} · <time dateTime={message.sentAt}>{formatSentAt(lang, message.sentAt)}</time>
      </p>
      {!message.read && (
        <button type="button" class="secondary" onClick={() => onRead([message.id])}>
          {t('messages.markRead')}
        </button>
      )}
    </article>
  );
}
