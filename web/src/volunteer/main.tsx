import { render } from 'preact';
import { useState } from 'preact/hooks';
import { I18nProvider } from '../i18n/context';
import { VolunteerDay } from './App';
import { forgetIdentity, loadIdentity, saveIdentity, type Identity } from './identity';
import { Join } from './Join';
import { Outbox, graphQLSyncApi } from './outbox';
import { IndexedDbStore, MemoryStore, type OutboxStore } from './store';
import '../styles.css';

function Volunteer({ outbox }: { outbox: Outbox }) {
  const [me, setMe] = useState<Identity | undefined>(loadIdentity);
  if (!me) {
    return (
      <Join
        onJoined={(identity) => {
          saveIdentity(identity);
          setMe(identity);
        }}
      />
    );
  }
  return (
    <VolunteerDay
      me={me}
      outbox={outbox}
      onLeave={() => {
        forgetIdentity();
        setMe(undefined);
      }}
    />
  );
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
