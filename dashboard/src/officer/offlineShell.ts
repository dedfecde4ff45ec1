// Makes the officer app open without network: registers its service worker and puts the page
// and the assets this page loaded into the worker's cache (the worker was not yet there to see
// them load the first time).
const CACHE = 'fcc-officer-v1'; // the same name as in public/officer-sw.js

export function keepAppOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !('caches' in window)) return;
  navigator.serviceWorker
    .register('/officer-sw.js', { scope: '/officer' })
    .then(async () => {
      const assets = performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name))
        .filter((url) => url.origin === location.origin && url.pathname.startsWith('/assets/'))
        .map((url) => url.pathname);
      const cache = await caches.open(CACHE);
      await cache.addAll(['/officer', ...new Set(assets)]);
    })
    // Opened offline (from the cache): nothing new to keep, and the cache already holds it.
    .catch((error: unknown) => console.warn('Could not keep the officer app for offline use', error));
}
