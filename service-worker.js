/* The one file that defines caching (served at /service-worker.js, root scope, no-cache).
 * The server puts SHELL_VERSION and SHELL_URLS in front of this file.
 * - install: precache the app shell under a versioned name; wait to be asked before taking over.
 * - fetch: assets cache-first; downloaded module pages from their cache (0 bytes);
 *   other pages network-first with a short timeout, then the cache, then the offline page.
 * - sync / start-up: flush the outbox (Background Sync is a bonus, never the only path).
 * - the data meter: counts the bytes it fetches, and those a downloaded module saved. */
/* global SHELL_VERSION, SHELL_URLS, Outbox */
importScripts(SHELL_URLS.find(function (u) { return u.indexOf('/static/js/outbox.js') === 0; }));

var PREFIX = 'mo-';
var SHELL_CACHE = PREFIX + 'shell-' + SHELL_VERSION;
var MODULE_PREFIX = PREFIX + 'module-';
var NETWORK_TIMEOUT_MS = 4000;  // lie-fi: a slow network gives way to the cached page
var CERTIFICATES_CACHE = PREFIX + 'certificates';  // saved by the learner on her certificate page
// Anonymous pages precached and kept fresh as they are visited. '/apply' carries no personal
// data (her draft and her applications are filled in by its script from the phone's storage).
var CACHED_PAGES = ['/', '/profiles', '/verificar', '/apply', '/datos'];

// A page is kept only as itself: not a redirect (to sign-in, to a staff member's enrolment page)
// and not one the server marked no-store (a message for the person who asked).
function keepPage(cache, path, resp) {
  if (!resp.ok || resp.redirected || /no-store/.test(resp.headers.get('Cache-Control') || '')) return;
  return cache.put(path, resp);
}

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return cache.addAll(SHELL_URLS).then(function () {
      return Promise.all(CACHED_PAGES.map(function (path) {
        return fetch(path).then(function (resp) { return keepPage(cache, path, resp); });
      }));
    });
  }));
  // No skipWaiting here: a new version waits until the learner taps "Actualizar".
});

self.addEventListener('activate', function (event) {
  // Delete only our own outdated shell caches: downloaded modules stay.
  var ready = caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf(PREFIX + 'shell-') === 0 && k !== SHELL_CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); });
  event.waitUntil(ready);
  // Send what waits once active, but not as part of activation: until it is 'activated',
  // every page load waits for the worker, and a flush on a slow link takes seconds.
  ready.then(function () { return recordDownloaded(0); }).then(function () { return flushAndTell('activate'); });
});

self.addEventListener('message', function (event) {
  if (!event.data || event.data.type !== 'update') return;
  // Never in the middle of a sync: take the flush lock first, so a running flush ends before.
  // (The activate flush that follows finds the lock still held and gives way: the page that
  // reloads under the new version sends what waits.)
  var take = function () { return self.skipWaiting(); };
  event.waitUntil(self.navigator.locks ? self.navigator.locks.request('outbox-flush', take) : take());
});

// What she pays: the browser's own count of each response this worker fetched (compressed
// body + headers; a 304 revalidation costs its headers only, the HTTP cache 0). A count of
// Content-Length would charge a revalidated page in full.
function meterNetwork() {
  if (typeof PerformanceObserver === 'undefined') return;
  new PerformanceObserver(function (list) {
    var bytes = list.getEntries().reduce(function (sum, e) { return sum + (e.transferSize || 0); }, 0);
    self.performance.clearResourceTimings();  // only the observer reads them: keep the buffer free
    recordDownloaded(bytes);
  }).observe({ type: 'resource', buffered: true });
}

// Only an active worker writes: a new version installing (its precache) would open the database
// at a newer version while the old worker and its pages still use the old one, and lock them out
// of their outbox. It keeps its count until it is activated (lost if the browser stops it first).
var unrecorded = 0;

// Where a worker cannot see its own state (self.serviceWorker is recent), it writes only while no
// other version is installing or waiting: never the newer database under the old pages.
function myState() {
  if (self.serviceWorker) return self.serviceWorker.state;
  return self.registration.installing || self.registration.waiting ? 'installing' : 'activated';
}

function recordDownloaded(bytes) {
  var state = myState();
  unrecorded += bytes;
  if (!unrecorded || (state !== 'activating' && state !== 'activated')) return Promise.resolve();
  var all = unrecorded;
  unrecorded = 0;
  return Outbox.meter.add({ downloaded: all }).catch(function () {});
}
meterNetwork();

// A downloaded module answered: online, these bytes would have been fetched (the size the
// server sent, compressed, as kept with the response; else the body's).
function countSaved(event, resp) {
  var length = Number(resp.headers.get('Content-Length'));
  var size = length ? Promise.resolve(length)
    : resp.clone().arrayBuffer().then(function (body) { return body.byteLength; });
  event.waitUntil(size.then(function (n) { return Outbox.meter.add({ saved: n }); }).catch(function () {}));
  return resp;
}

function moduleCacheMatch(request) {
  return caches.keys().then(function (keys) {
    var modules = keys.filter(function (k) { return k.indexOf(MODULE_PREFIX) === 0; });
    return modules.reduce(function (found, name) {
      return found.then(function (resp) {
        return resp || caches.open(name).then(function (c) { return c.match(request, { ignoreSearch: true }); });
      });
    }, Promise.resolve(undefined));
  });
}

function shellMatch(request) {
  return caches.open(SHELL_CACHE).then(function (c) { return c.match(request, { ignoreSearch: true }); });
}

function offlinePage() {
  return shellMatch('/offline').then(function (resp) {
    return resp || new Response('Sin conexión', { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  });
}

function page(event) {
  var request = event.request;
  var path = new URL(request.url).pathname;
  return moduleCacheMatch(request).then(function (downloaded) {
    if (downloaded) return countSaved(event, downloaded);  // a downloaded lesson costs no data, online or not
    var network = fetch(request);
    if (CACHED_PAGES.indexOf(path) >= 0) {
      event.waitUntil(network.then(function (resp) {
        var copy = resp.clone();
        return caches.open(SHELL_CACHE).then(function (c) { return keepPage(c, path, copy); });
      }).catch(function () {}));
    }
    var timeout = new Promise(function (resolve) { setTimeout(resolve, NETWORK_TIMEOUT_MS); });
    return Promise.race([network, timeout.then(function () { return shellMatch(request); })])
      .then(function (resp) { return resp || network; })
      .catch(function () {
        return shellMatch(request).then(function (resp) { return resp || savedCertificate(request); })
          .then(function (resp) { return resp || offlinePage(); });
      });
  });
}

// Certificates are network-first (a revocation must show online), the saved copy offline.
function savedCertificate(request) {
  return caches.open(CERTIFICATES_CACHE).then(function (c) { return c.match(request, { ignoreSearch: true }); });
}

function certificateFile(request) {
  return fetch(request).catch(function () {
    return savedCertificate(request).then(function (resp) { return resp || Response.error(); });
  });
}

// Module scripts import each other without the ?v= fingerprint: match the shell ignoring it.
// A request made with cache 'no-store' (a module download or update) wants the network.
function asset(event) {
  var request = event.request;
  if (request.cache === 'no-store') return fetch(request);
  return shellMatch(request).then(function (resp) {
    return resp || moduleCacheMatch(request).then(function (downloaded) {
      return downloaded && countSaved(event, downloaded);
    });
  }).then(function (resp) {
    return resp || fetch(request);
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf('/api/') === 0 || url.pathname === '/service-worker.js') return;
  if (request.mode === 'navigate') {
    event.respondWith(page(event));
  } else if (url.pathname.indexOf('/static/') === 0 || url.pathname.indexOf('/content/') === 0 ||
             url.pathname === '/manifest.webmanifest') {
    event.respondWith(asset(event));
  } else if (url.pathname.indexOf('/certificates/') === 0) {
    event.respondWith(certificateFile(request));
  }
});

function flushAndTell(via) {
  return Outbox.flush(via).then(function (result) {
    return self.clients.matchAll().then(function (clients) {
      clients.forEach(function (c) { c.postMessage({ type: 'outbox-flushed', via: via }); });
      return result;
    });
  }).catch(function (err) {
    console.info('[sw] flush failed, items stay queued:', err.message);
    if (via === 'sync') throw err;  // a rejected sync is retried by the browser with back-off
  });
}

self.addEventListener('sync', function (event) {
  if (event.tag === 'outbox') event.waitUntil(flushAndTell('sync'));
});
