// cvmobile's service worker: keeps the app shell (the page, its scripts, the wasm, the icons) so the app
// starts offline and installs as an app. It never touches the API: answers under /api/ always come from
// the gateway, never from a cache. `cargo xtask web` fills in the version and the shell's files.
const VERSION = '__VERSION__';
const SHELL = __SHELL__;
const CACHE = `cvmobile-shell-${VERSION}`;

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(c => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(
    caches.keys()
      .then(keys => Promise.all(keys.filter(k => k.startsWith('cvmobile-shell-') && k !== CACHE).map(k => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', event => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return; // the network, untouched
  }
  if (req.mode === 'navigate') {
    // The page: the newest from the gateway, the kept one when offline.
    event.respondWith(fetch(req).catch(() => caches.match('/index.html', { cacheName: CACHE })));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    // Content-hashed files never change: the kept copy is the right one.
    event.respondWith(caches.match(req, { cacheName: CACHE }).then(hit => hit || fetch(req)));
  }
});
