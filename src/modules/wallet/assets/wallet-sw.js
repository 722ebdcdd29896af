/* global Response, caches, fetch, self */
// The wallet's service worker (scope /wallet/): keeps the wallet's pages and scripts so it opens offline once loaded.
const CACHE = 'hanaro-wallet-v2';
// `/wallet/show` opens offline too, to tell the person at the counter what it needs (a connection).
const SHELL = [
  '/wallet/', '/wallet/present', '/wallet/scan', '/wallet/show', '/wallet/manifest.webmanifest',
  '/assets/hanaro.css', '/theme.css', '/assets/favicon.svg', '/assets/wallet/wallet.css', '/assets/wallet/wallet-icon.svg',
  ...['home', 'present', 'scan', 'show', 'crypto', 'cbor', 'store', 'claims', 'cards', 'sw-register'].map((name) => `/assets/wallet/wallet-${name}.js`),
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()));
});

const kept = (url) => url.origin === self.location.origin && (SHELL.includes(url.pathname) || url.pathname.startsWith('/assets/krds/'));

// Network first, so a signed-in page and new scripts win; the kept copy when offline.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || !kept(url)) return;
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok && url.search === '') {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(event.request, copy));
    }
    return response;
  }).catch(async () => (await caches.match(event.request, { ignoreSearch: true })) ?? Response.error()));
});
