/* global self, caches, fetch, Response, URL */
// Service worker of the officer app (scope /officer): the app opens with no network, so that
// an officer in a dead zone can reopen it and keep buffering fixes. Pages: network first, the
// cached copy when offline. Built assets (hashed names, never changed): cache first. The API and
// the socket are never cached.
const CACHE = 'fcc-officer-v1';
const PAGE = '/officer';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) void caches.open(CACHE).then((cache) => cache.put(PAGE, response.clone()));
          return response;
        })
        .catch(async () => (await caches.match(PAGE)) ?? Response.error()),
    );
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ??
          fetch(request).then((response) => {
            if (response.ok) void caches.open(CACHE).then((cache) => cache.put(request, response.clone()));
            return response;
          }),
      ),
    );
  }
});
