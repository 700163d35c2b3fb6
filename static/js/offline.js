// What the pages that keep working offline share (the check-in desk, cluster notes, plenary session notes):
// a small promise-based store on IndexedDB, and the connection indicator ("Online", "Offline", "3 arrivals
// waiting to send"). Each page keeps its own database; nothing here sends anything to the server.
// window.ForumOpsOffline = { open(name, stores), status(element, pendingWords) }
(function () {
  "use strict";

  // A database `name` with object stores `stores` (names; keyPath "id"), as a handle with get/put/remove/all/clear.
  // Resolves to null where IndexedDB is missing (private windows in some browsers): callers then work online only.
  function open(name, stores, version) {
    return new Promise(function (resolve) {
      if (!window.indexedDB) { resolve(null); return; }
      var request;
      try { request = window.indexedDB.open(name, version || 1); } catch (e) { resolve(null); return; }
      request.onupgradeneeded = function () {
        stores.forEach(function (store) {
          if (!request.result.objectStoreNames.contains(store)) {
            request.result.createObjectStore(store, { keyPath: "id" });
          }
        });
      };
      request.onerror = function () { resolve(null); };
      request.onsuccess = function () { resolve(handle(request.result)); };
    });
  }

  function handle(db) {
    // another tab deletes the database (a desk wiped at sign-out): let it, instead of blocking it for good
    db.onversionchange = function () { db.close(); };
    function run(store, mode, work) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode), result;
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
        var request = work(tx.objectStore(store));
        if (request) { request.onsuccess = function () { result = request.result; }; }
      });
    }
    return {
      get: function (store, id) { return run(store, "readonly", function (s) { return s.get(id); }); },
      put: function (store, value) { return run(store, "readwrite", function (s) { return s.put(value); }); },
      remove: function (store, id) { return run(store, "readwrite", function (s) { return s.delete(id); }); },
      all: function (store) { return run(store, "readonly", function (s) { return s.getAll(); }); },
      clear: function (store) { return run(store, "readwrite", function (s) { return s.clear(); }); },
      close: function () { db.close(); },
      raw: db
    };
  }

  // The indicator: `element` carries its words translated by the page (data-online, data-offline, and
  // data-waiting with "{count}"); `pending()` returns how many things wait to be sent. It is a polite live
  // region, so a change is announced. Returns a function to call when the pending count changes.
  function status(element, pending) {
    if (!element) { return function () {}; }
    element.hidden = false;
    function words(name) { return element.getAttribute("data-" + name) || ""; }
    function update() {
      var count = pending ? pending() : 0, online = navigator.onLine;
      var text = online ? words("online") : words("offline");
      if (count > 0) { text += " · " + words("waiting").replace("{count}", String(count)); }
      element.textContent = text;
      element.setAttribute("data-state", online ? "online" : "offline");
    }
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    update();
    return update;
  }

  // --- pages a service worker keeps on this device (the check-in desk's, the notes editors') -------------------
  // The workers whose scope (its path) passes `scoped` go first, so they keep nothing more; then the copies, the
  // caches whose names start with `prefix`. Resolves once done, or once nothing more can be done.
  function forgetPages(prefix, scoped) {
    var workers = navigator.serviceWorker && navigator.serviceWorker.getRegistrations ?
      navigator.serviceWorker.getRegistrations().then(function (all) {
        return Promise.all(all.filter(function (r) { return scoped(new URL(r.scope).pathname); })
          .map(function (r) { return r.unregister(); }));
      }) : Promise.resolve();
    return workers.catch(function () {}).then(function () {
      if (!window.caches) { return null; }
      return window.caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf(prefix) === 0; })
          .map(function (n) { return window.caches.delete(n); }));
      });
    }).catch(function () {});
  }

  // The notes editors' copies (static/js/autosave.js registers their worker): a flag in localStorage names the
  // account they were kept for; sign-out and another account signing in delete them (static/js/desk-store.js).
  var NOTES_FLAG = "forumops-notes-pages", NOTES_CACHES = "forumops-notes-";
  function rememberNotesPages(user) {
    try { window.localStorage.setItem(NOTES_FLAG, String(user)); } catch (e) { /* storage refused */ }
  }
  function notesPagesOf() {
    try { return window.localStorage.getItem(NOTES_FLAG); } catch (e) { return null; }
  }
  // the flag goes last: a wipe cut short (the browser closed) is done again on the next page
  function forgetNotesPages() {
    return forgetPages(NOTES_CACHES, function (path) { return /\/notes(\/\d+)?\/edit$/.test(path); })
      .then(function () {
        try { window.localStorage.removeItem(NOTES_FLAG); } catch (e) { /* storage refused */ }
      });
  }

  // Another account's kept editors go before this one's are kept. Asked by static/js/autosave.js (before keeping
  // its editor, which sets the flag) and static/js/desk-store.js (on every page): done once per page, so whichever
  // asks first, the flag is read before the editor replaces it.
  var othersForgotten = null;
  function forgetOthersNotesPages(user) {
    if (!othersForgotten) {
      var kept = notesPagesOf();
      othersForgotten = kept && user && kept !== String(user) ? forgetNotesPages() : Promise.resolve();
    }
    return othersForgotten;
  }

  window.ForumOpsOffline = { open: open, status: status, forgetPages: forgetPages,
                             rememberNotesPages: rememberNotesPages, notesPagesOf: notesPagesOf,
                             forgetNotesPages: forgetNotesPages, forgetOthersNotesPages: forgetOthersNotesPages };
})();
