// The notes editor's service worker (clusters/notes_views.py, forumops/core/workers.py). Scope: this one editor
// page (a cluster's notes or a session's), registered by static/js/autosave.js when the page is opened. It keeps
// the editor as this device last loaded it, and the static files it needs, so a reload, a crash or a closed laptop
// while offline opens the editor again: the text typed on the device is not in this copy but in the page's own
// store, which autosave.js puts back. The page is asked of the network first, the copy served only when the
// network fails; nobody else's page is kept, only this editor as this person opened it. Whenever the server keeps
// the text (an autosave answered), the copy is fetched again before the page hears the answer, so the copy never
// shows older text than the device dropped. Signing out or another account signing in deletes the copy and the
// worker (static/js/desk-store.js).
"use strict";
{% include "_offline/worker_common.js" %}
var EDITOR = {{ scope|tojson }};
var AUTOSAVE = {{ autosave|tojson }};

function keepEditor(cache, response) {
  // only the editor itself: not a sign-in page a redirect led to, not an error
  if (response.ok && !response.redirected && response.type === "basic") {
    return cache.put(EDITOR, response.clone());
  }
  return Promise.resolve();
}

function refresh() {
  return caches.open(CACHE).then(function (cache) {
    return fetch(EDITOR, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return keepEditor(cache, response); });
  }).catch(function () { /* offline meanwhile: the copy stays as it was */ });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(ASSETS); })
    .then(refresh).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST" && url.pathname === AUTOSAVE) {
    event.respondWith(fetch(request).then(function (response) {
      return response.ok ? refresh().then(function () { return response; }) : response;
    }));
    return;
  }
  if (request.method !== "GET") { return; }  // a save goes to the server, or fails honestly
  if (request.mode === "navigate") {
    if (url.pathname !== EDITOR) { return; }
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return fetch(request).then(function (response) {
        if (!url.search) { keepEditor(cache, response); }
        return response;
      }).catch(function () {
        return cache.match(EDITOR).then(function (kept) { return kept || Response.error(); });
      });
    }));
    return;
  }
  fromStatic(event, url);
});
