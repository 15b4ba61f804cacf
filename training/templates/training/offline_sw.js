/* The offline attendance page's service worker (training/offline_views.py serves it from
 * {{ page }}, so its scope is that page). It keeps the page and its static files, no data:
 * the day sheets live encrypted in IndexedDB (static/js/offline.js). Network first, with a
 * short wait, so a deploy or a logout is seen at once when there is a connection. */
"use strict";

var CACHE = "reintegra-offline-{{ version }}";
var PAGE = {{ page_json|safe }};
var ASSETS = {{ assets_json|safe }};
var NETWORK_WAIT_MS = 4000;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll([PAGE].concat(ASSETS));
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("reintegra-offline-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function networkFirst(request, cacheKey) {
  return caches.open(CACHE).then(function (cache) {
    var network = fetch(request).then(function (response) {
      // Only a page or file we asked for is kept: never a redirect to the login page.
      if (response.ok && response.type === "basic" && !response.redirected) {
        cache.put(cacheKey, response.clone());
      }
      return response;
    });
    var waited = new Promise(function (resolve) {
      setTimeout(resolve, NETWORK_WAIT_MS);
    });
    var fallback = function () {
      return cache.match(cacheKey, { ignoreVary: true }).then(function (cached) {
        return cached || network;
      });
    };
    return Promise.race([network, waited.then(fallback)]).catch(fallback);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && url.pathname === PAGE) {
    event.respondWith(networkFirst(request, PAGE));
  } else if (ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(networkFirst(request, url.pathname));
  }
});
