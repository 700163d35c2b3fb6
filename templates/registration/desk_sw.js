// The check-in desk's service worker (registration/views/offline_desk.py). Scope: this forum's desk alone. It keeps
// the desk's page and the static files it loads on the device, so the desk opens with the network gone; the list
// of people and the arrivals are not here but in the page's own store (static/js/desk-store.js). Pages are asked
// of the network first (the desk as it is now), the copy served only when the network fails; static files, whose
// addresses change with their content, from the copy first. Signing out deletes the copy (desk-store.js).
"use strict";
{% include "_offline/worker_common.js" %}
var DESK = {{ scope|tojson }};

// The desk's page as kept: its address with the day chosen, never a name search (?q=) nor anything else.
function deskKey(url) {
  var day = url.searchParams.get("day");
  return DESK + (day ? "?day=" + encodeURIComponent(day) : "");
}

function keepDesk(cache, key, response) {
  // only the desk itself with nobody's result on it (the server marks it): not the answer to a "Check in" button,
  // not a sign-in page a redirect led to, not an error
  if (response.ok && !response.redirected && response.type === "basic" &&
      response.headers.get("X-ForumOps-Desk") === "shell") {
    return cache.put(key, response.clone());
  }
  return Promise.resolve();
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(ASSETS).then(function () {
      return fetch(DESK, { credentials: "same-origin" })
        .then(function (response) { return keepDesk(cache, DESK, response); })
        .catch(function () { /* offline while installing: the next visit online keeps it */ });
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }  // a scan posted online goes to the server, or fails honestly
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    if (url.pathname !== DESK) { return; }  // a session's door and the rest: the network's answer, as always
    var key = deskKey(url);
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return fetch(request).then(function (response) {
        if (!url.searchParams.has("q")) { keepDesk(cache, key, response); }
        return response;
      }).catch(function () {
        return cache.match(key).then(function (kept) {
          return kept || cache.match(DESK);
        }).then(function (kept) { return kept || Response.error(); });
      });
    }));
    return;
  }
  fromStatic(event, url);
});
