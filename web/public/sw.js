// The volunteer app's service worker, written by hand: it keeps the app shell (volunteer.html,
// its hashed scripts and styles, the manifest and icon) in Cache Storage so the app opens with
// no network. It never touches /graphql: logs wait in IndexedDB, not in the HTTP layer.
const CACHE = 'volunteer-shell-v1';
const SHELL = 'volunteer.html';
const STATIC = ['volunteer.webmanifest', 'icon.svg'];

/** The /assets/ files a page's HTML names, so the cache always holds a consistent set. */
function assetsOf(html) {
  return [...html.matchAll(/(?:src|href)="([^"]*assets\/[^"]+)"/g)].map((m) => new URL(m[1], self.registration.scope).href);
}

/** Fetches the shell and its assets, and replaces the cached shell only once every asset is cached. */
async function refreshShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL, { cache: 'no-cache' });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.addAll([...assetsOf(html), ...STATIC]);
  await cache.put(SHELL, response);
}

self.addEventListener('install', (event) => {
  event.waitUntil(refreshShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;

  if (request.mode === 'navigate' && url.pathname.endsWith('/' + SHELL)) {
    // Cache first, so a slow network does not hold up the app; the shell is refreshed behind it
    // and the new version shows on the next open.
    event.respondWith(
      caches.match(SHELL, { ignoreSearch: true }).then((cached) => {
        const refreshing = refreshShell().catch(() => undefined);
        if (cached) {
          event.waitUntil(refreshing);
          return cached;
        }
        return fetch(request);
      }),
    );
    return;
  }
  // Other pages (dashboard, ward) are left to the network; only the shell's files come from the cache, and the
  // hashed files the app fetches later (the English texts) are kept once fetched, so a language chosen online
  // still shows offline.
  event.respondWith(
    caches.match(request).then(
      (cached) =>
        cached ??
        fetch(request).then((response) => {
          if (response.ok && url.pathname.includes('/assets/')) {
            const copy = response.clone();
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
          }
          return response;
        }),
    ),
  );
});
