// What every page-keeping worker shares (forumops/core/workers.py): its copy's name, the static files it keeps on
// install, dropping its older copies on activation, and static files from the copy first (their addresses change
// with their content, so a kept one is never stale).
var VERSION = {{ version|tojson }};
var PREFIX = {{ cache_prefix|tojson }};
var CACHE = PREFIX + VERSION;
var STATIC = {{ static|tojson }};
var ASSETS = {{ assets|tojson }};

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// answers a static file's request from the copy, else the network (keeping fingerprinted ones); false otherwise
function fromStatic(event, url) {
  if (url.pathname.indexOf(STATIC) !== 0) { return false; }
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(event.request).then(function (kept) {
      return kept || fetch(event.request).then(function (response) {
        if (response.ok && url.searchParams.has("v")) { cache.put(event.request, response.clone()); }
        return response;
      });
    });
  }));
  return true;
}
