import { render } from 'preact';
import { useState } from 'preact/hooks';
import { session } from '../api/session';
import { useSession } from '../components/useSession';
import { I18nProvider } from '../i18n/context';
import { DayScreen } from './App';
import { forgetIdentity, loadIdentity, saveIdentity, type Identity } from './identity';
import { PickCampaign, SignInOrJoin } from './Join';
import { Outbox, graphQLSyncApi } from './outbox';
import { IndexedDbStore, MemoryStore, type OutboxStore } from './store';
import '../styles.css';

function Volunteer({ outbox }: { outbox: Outbox }) {
  const current = useSession();
  const [saved, setSaved] = useState<Identity | undefined>(loadIdentity);
  // Both the session and the day's identity stay on the phone, so a reload with no network opens the day.
  const volunteer = current?.account.role === 'VOLUNTEER' ? current : undefined;
  const me = volunteer && saved?.volunteerId === volunteer.account.scopeId ? saved : undefined;
  const leave = () => {
    forgetIdentity();
    setSaved(undefined);
    void session.signOut();
  };
  if (!volunteer) return <SignInOrJoin />;
  if (!me) {
    return (
      <PickCampaign
        session={volunteer}
        onJoined={(identity) => {
          saveIdentity(identity);
          setSaved(identity);
        }}
        onLeave={leave}
      />
    );
  }
  return <DayScreen me={me} outbox={outbox} onLeave={leave} />;
}

async function start() {
  let store: OutboxStore;
  try {
    store = await IndexedDbStore.open();
  } catch {
    // IndexedDB can be blocked (some private modes); logs then survive only until the tab closes.
    store = new MemoryStore();
  }
  render(
    <I18nProvider titleKey="volunteer.title">
      <Volunteer outbox={new Outbox(store, graphQLSyncApi)} />
    </I18nProvider>,
    document.getElementById('app')!,
  );
}

void start();

// The service worker keeps the app shell on the phone, so a reload with no network still opens the app.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('sw.js').catch(() => undefined);
  });
}
