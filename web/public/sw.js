// The resident side's service worker (/sw.js, registered by the booking app's pages; plain
// JavaScript, copied as is into dist/). A phone that has opened the booking page, its booking
// (/a/<token>), its ticket (/t/<token>) or its dossier (/h/<token>) once can open them again
// without a network: pages and the resident's own data come from the network first and from
// the last copy when the network is gone, marked `X-SW-Offline: <when it was saved>` so the page
// says how old it is; the hashed assets (immutable) come from the cache first. Writes (booking,
// cancelling) always go to the network. Nothing of staff screens or the kiosk is kept.
const VERSION = 1;
const SHELL = `reception-pages-${VERSION}`;
const ASSETS = `reception-assets-${VERSION}`;
const DATA = `reception-data-${VERSION}`;
const KEEP = [SHELL, ASSETS, DATA];

/** The resident's pages: one HTML shell (the booking app) under each path. */
const PAGE = /^\/(book|a\/[\w-]{8,64}|t\/[\w-]{8,64}|h\/[\w-]{8,64}|h)\/?$/;
/** What those pages read: the office, its services and public settings, the resident's own booking, ticket or dossier. */
const DATA_PATH =
  /^\/api\/(offices|offices\/\d+\/(services|settings\/public)|appointments\/[\w-]{8,64}|tickets\/[\w-]{8,64}|dossiers\/[\w-]{16,64})$/;
/** Any shell serves any page path when that path itself was never saved (one app, one HTML). */
const SHELL_KEY = '/__shell';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (!KEEP.includes(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** A copy of a response carrying when it was saved. */
async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set('X-SW-Saved-At', new Date().toISOString());
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

/** The saved copy, marked as such for the page. */
function offline(saved) {
  const headers = new Headers(saved.headers);
  headers.set('X-SW-Offline', saved.headers.get('X-SW-Saved-At') ?? '');
  return new Response(saved.body, { status: saved.status, statusText: saved.statusText, headers });
}

async function networkFirst(request, cacheName, isPage) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = await stamped(response.clone());
      await cache.put(request, copy.clone());
      if (isPage) await cache.put(SHELL_KEY, copy);
    }
    return response;
  } catch (error) {
    const saved = (await cache.match(request, { ignoreVary: true })) ?? (isPage ? await cache.match(SHELL_KEY) : undefined);
    if (saved) return offline(saved);
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(ASSETS);
  const saved = await cache.match(request, { ignoreVary: true });
  if (saved) return saved;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(request));
  else if (request.mode === 'navigate' && PAGE.test(url.pathname)) event.respondWith(networkFirst(request, SHELL, true));
  else if (DATA_PATH.test(url.pathname)) event.respondWith(networkFirst(request, DATA, false));
});

// The first visit loads before this worker controls the page: the page then lists what it used
// (its own address, its scripts and styles, its data), and they are saved for the next visit.
self.addEventListener('message', (event) => {
  const urls = Array.isArray(event.data?.save) ? event.data.save : [];
  event.waitUntil(
    Promise.all(
      urls.map(async (href) => {
        try {
          const url = new URL(href, self.location.origin);
          if (url.origin !== self.location.origin) return;
          const request = new Request(url.href);
          if (url.pathname.startsWith('/assets/')) await cacheFirst(request);
          else if (PAGE.test(url.pathname)) await networkFirst(request, SHELL, true);
          else if (DATA_PATH.test(url.pathname)) await networkFirst(request, DATA, false);
        } catch {
          /* offline already: nothing to save */
        }
      }),
    ).then(() => event.source?.postMessage({ saved: true })),
  );
});
