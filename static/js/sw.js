// Spasm Diary's service worker: the quick log and today's check-in open without a connection.
// Served at /sw.js by diary/views/pwa.py, which puts self.DIARY_WORKER (cache version, the app
// shell's URLs, the pages to keep) on the line above. Strategies:
//   static files        cache first (their names change with their content in production)
//   kept pages, /jsi18n network first, the kept copy when offline
//   other pages         network, or the "no connection" page when offline
//   everything else     network only (charts, exports, every POST)
// Pages are only ever kept for the account signed in; static/js/offline.js drops them on log-out
// or when another account signs in.
"use strict";

var CONFIG = self.DIARY_WORKER;
var SHELL_CACHE = "diary-shell-" + CONFIG.version;
var PAGES_CACHE = "diary-pages-" + CONFIG.version;

importScripts(CONFIG.queue_script);
importScripts(CONFIG.push_script);  // check-in reminders: push and notificationclick

function isKeptPage(url) { return CONFIG.pages.indexOf(url.pathname) >= 0 || url.pathname === CONFIG.offline; }

// Keep a page only when it is the page itself: not a redirect to the log-in page, not an error.
function keepPage(cache, key, response) {
  if (response.ok && !response.redirected && response.type === "basic") {
    return cache.put(key, response.clone());
  }
  if (response.redirected) { return cache.delete(key); }  // signed out: forget the old copy
  return Promise.resolve();
}

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all([
    // One by one: a file missing from the shell (say, a font not built) must not stop the rest.
    caches.open(SHELL_CACHE).then(function (cache) {
      var files = CONFIG.shell.concat([CONFIG.catalog]);  // the catalog: the scripts' words in the user's language
      return Promise.all(files.map(function (url) { return cache.add(url).catch(function () {}); }));
    }),
    caches.open(PAGES_CACHE).then(function (cache) {
      return Promise.all(CONFIG.pages.concat([CONFIG.offline]).map(function (path) {
        return fetch(path, { credentials: "same-origin" })
          .then(function (response) { return keepPage(cache, path, response); })
          .catch(function () { /* not signed in, or offline: kept on the first visit instead */ });
      }));
    })
  ]).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("diary-") === 0 && name !== SHELL_CACHE && name !== PAGES_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function cacheFirst(request) {
  return caches.match(request).then(function (cached) {
    return cached || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(SHELL_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

function networkFirst(request, cacheName, key) {
  return fetch(request).then(function (response) {
    return caches.open(cacheName)
      .then(function (cache) { return keepPage(cache, key, response); })
      .then(function () { return response; });
  }, function () {
    return caches.match(key, { cacheName: cacheName }).then(function (cached) {
      if (cached) { return cached; }
      if (request.mode === "navigate") { return caches.match(CONFIG.offline, { cacheName: PAGES_CACHE }); }
      return Response.error();
    }).then(function (response) { return response || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.indexOf("/jsi18n/") === 0) {
    event.respondWith(networkFirst(request, SHELL_CACHE, request.url));
  } else if (request.mode === "navigate" && isKeptPage(url)) {
    event.respondWith(networkFirst(request, PAGES_CACHE, url.pathname));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(CONFIG.offline, { cacheName: PAGES_CACHE }).then(function (r) { return r || Response.error(); });
    }));
  }
});

// Background Sync: the browser wakes the worker when the connection returns, even with no page open.
function sendQueue() {
  var queue = self.diaryQueue;
  var token = self.cookieStore ? self.cookieStore.get("csrftoken").then(function (c) { return c ? c.value : ""; }) : Promise.resolve("");
  return Promise.all([queue.currentUser(), token]).then(function (values) {
    if (!values[0]) { return null; }  // nobody signed in on this device: send nothing
    return queue.flush(values[0], values[1]);
  }).then(function (counts) {
    return self.clients.matchAll({ type: "window" }).then(function (windows) {
      windows.forEach(function (client) { client.postMessage({ type: "diary-queue-changed" }); });
      // Still no connection: reject so the browser tries again later.
      if (counts && counts.waiting) { throw new Error("entries still waiting"); }
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === self.diaryQueue.SYNC_TAG) { event.waitUntil(sendQueue()); }
});
