// The check-in desk's copy on this device (static/js/desk-offline.js is the desk that uses it): the list of
// people, the arrivals waiting to be sent and those sent, in the IndexedDB database "forumops-desk" (one for every
// forum's desk; the notes' drafts live in databases of their own and are never touched here). Where the browser has
// WebCrypto, the list and the arrivals are stored encrypted (AES-GCM) with a key the page cannot export, kept in the
// same database: see README, "The check-in desk offline", for what that protects and what not.
//
// Loaded on every page of a signed-in person, for two duties (and a third: signing out, or another account signing
// in, deletes the notes editors' pages their worker kept, static/js/offline.js): signing out wipes the copy (arrivals not sent yet are
// sent first when the network allows, else the organiser is warned before they are lost), and so does the end of a
// forum (the list carries when its last day ends). A device that never held a desk's copy does nothing: a flag in
// localStorage says whether it holds one.
// window.ForumOpsDesk = { open, device, saveList, loadList, forgetList, enqueue, dequeue, entries, markSent,
//                         send, wipe, uuid, words }
(function () {
  "use strict";
  var NAME = "forumops-desk", STORES = ["keys", "meta", "lists", "queue", "sent"];
  var FLAG = "forumops-desk";  // localStorage: {"user": id, "ends": {slug: ISO instant}, "wiping": true}
  var CACHE_PREFIX = "forumops-desk-";
  var opening = null;

  function flag() {
    try { return JSON.parse(window.localStorage.getItem(FLAG) || "null"); } catch (e) { return null; }
  }
  function setFlag(value) {
    try {
      if (value) { window.localStorage.setItem(FLAG, JSON.stringify(value)); }
      else { window.localStorage.removeItem(FLAG); }
    } catch (e) { /* storage refused: nothing to remember */ }
  }

  function open() {
    if (!opening) { opening = window.ForumOpsOffline ? window.ForumOpsOffline.open(NAME, STORES) : Promise.resolve(null); }
    return opening;
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // --- encryption at rest -------------------------------------------------------------------------------------
  var subtle = window.crypto && window.crypto.subtle;
  var keying = null;

  function key(db) {
    if (!subtle) { return Promise.resolve(null); }
    if (!keying) {
      keying = db.get("keys", "desk").then(function (found) {
        if (found) { return found.key; }
        return subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]).then(function (made) {
          return db.put("keys", { id: "desk", key: made }).then(function () { return made; });
        });
      }).catch(function () { return null; });
    }
    return keying;
  }

  function seal(db, value) {
    return key(db).then(function (k) {
      if (!k) { return { plain: value }; }
      var iv = window.crypto.getRandomValues(new Uint8Array(12));
      return subtle.encrypt({ name: "AES-GCM", iv: iv }, k, new TextEncoder().encode(JSON.stringify(value)))
        .then(function (data) { return { iv: iv, data: data }; });
    });
  }

  function unseal(db, box) {
    if (!box) { return Promise.resolve(null); }
    if (box.plain !== undefined) { return Promise.resolve(box.plain); }
    return key(db).then(function (k) {
      if (!k) { return null; }
      return subtle.decrypt({ name: "AES-GCM", iv: box.iv }, k, box.data)
        .then(function (data) { return JSON.parse(new TextDecoder().decode(data)); });
    }).catch(function () { return null; });  // sealed with a key that is gone: as if absent
  }

  // --- the device, the lists, the arrivals ----------------------------------------------------------------------
  function device(db) {
    return db.get("meta", "device").then(function (found) {
      if (found) { return found.value; }
      var made = uuid();
      return db.put("meta", { id: "device", value: made }).then(function () { return made; });
    });
  }

  function remember(slug, endsAt, user) {
    var current = flag() || { ends: {} };
    current.ends = current.ends || {};
    if (endsAt) { current.ends[slug] = endsAt; }
    if (user) { current.user = user; }
    setFlag(current);
  }

  function saveList(db, slug, list, user) {
    return seal(db, list).then(function (box) {
      remember(slug, list.ends_at, user);
      return db.put("lists", { id: slug, version: list.version, ends_at: list.ends_at, box: box });
    });
  }

  function loadList(db, slug) {
    return db.get("lists", slug).then(function (row) {
      return row ? unseal(db, row.box) : null;
    });
  }

  function forgetList(db, slug) {
    return db.remove("lists", slug).then(function () {
      return db.all("sent");
    }).then(function (rows) {
      return Promise.all(rows.filter(function (r) { return r.forum === slug; })
        .map(function (r) { return db.remove("sent", r.id); }));
    });
  }

  // an arrival taken on this device: {id, code, day, device_time, device, recorded_by, list_time, name, category},
  // for the forum `slug`, to be sent to `syncUrl`. The row is keyed by the account that took it (`user`): another
  // account signed in on this device never sends it (the server refuses it too), only the sign-out warning counts it.
  function enqueue(db, slug, syncUrl, arrival) {
    return seal(db, arrival).then(function (box) {
      remember(slug);
      return db.put("queue", { id: arrival.id, forum: slug, sync: syncUrl, user: String(arrival.recorded_by || ""),
                               box: box });
    });
  }

  // the rows of `store` (for the forum `slug`, and taken by the account `user`, when given)
  function entries(db, store, slug, user) {
    return db.all(store).then(function (rows) {
      var mine = rows.filter(function (r) {
        return (!slug || r.forum === slug) && (!user || r.user === String(user));
      });
      return Promise.all(mine.map(function (r) {
        return unseal(db, r.box).then(function (value) {
          return value ? { id: r.id, forum: r.forum, sync: r.sync, arrival: value } : null;
        });
      }));
    }).then(function (list) { return list.filter(Boolean); });
  }

  function dequeue(db, id) { return db.remove("queue", id); }

  // sent and recorded: kept for the day, so that this desk asks again whether an earlier arrival by another desk
  // came in meanwhile (the later desk is told)
  function markSent(db, slug, arrival) {
    return seal(db, arrival).then(function (box) {
      return Promise.all([db.remove("queue", arrival.id), db.put("sent", { id: arrival.id, forum: slug, box: box })]);
    });
  }

  function deviceClock() { return localMoment(new Date()); }

  // an instant with the device's offset ("2027-04-14T08:04:05.120+07:00"): what the server compares
  function localMoment(date) {
    function pad(n, width) { return String(Math.abs(n)).padStart(width || 2, "0"); }
    var offset = -date.getTimezoneOffset();
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + "T" +
      pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) + "." +
      pad(date.getMilliseconds(), 3) + (offset >= 0 ? "+" : "-") + pad(Math.floor(Math.abs(offset) / 60)) + ":" +
      pad(Math.abs(offset) % 60);
  }

  // POST a batch to the desk's sync address: resolves to the server's answer, or rejects with an Error whose
  // message is "signed-out", "token" (the form token was refused) or "unreachable"
  function send(syncUrl, token, arrivals) {
    return fetch(syncUrl, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token || "" },
      body: JSON.stringify({ device_clock: deviceClock(), arrivals: arrivals.map(function (a) {
        return { id: a.id, code: a.code, day: a.day, device_time: a.device_time, device: a.device,
                 recorded_by: a.recorded_by, list_time: a.list_time };
      }) })
    }).catch(function () { throw new Error("unreachable"); }).then(function (response) {
      if (response.redirected || response.status === 401 || response.status === 403) { throw new Error("signed-out"); }
      if (response.status === 400 && !(response.headers.get("Content-Type") || "").match(/json/)) {
        throw new Error("token");
      }
      if (!response.ok) { throw new Error("unreachable"); }
      return response.json();
    });
  }

  // --- wiping ----------------------------------------------------------------------------------------------------
  // the desk's worker (one forum's, or every forum's) and the pages it keeps (static/js/offline.js)
  function forgetDeskPages(slug) {
    if (!window.ForumOpsOffline) { return Promise.resolve(); }
    return window.ForumOpsOffline.forgetPages(CACHE_PREFIX + (slug ? slug + "-" : ""), function (path) {
      return slug ? path.slice(-("/" + slug + "/checkin").length) === "/" + slug + "/checkin"
        : /\/checkin\/?$/.test(path);
    });
  }

  // Everything of the desk on this device: the database, the pages kept by the worker, the worker itself.
  // The flag says a wipe is due and goes only once the database is gone: a wipe cut short (the browser closed,
  // the deletion blocked or failed) is done again on the next page opened, signed in or not.
  function wipe() {
    var current = flag() || {};
    current.wiping = true;
    setFlag(current);
    return open().then(function (db) {
      if (db) { db.close(); }
      opening = null;
      keying = null;
      return new Promise(function (resolve) {
        if (!window.indexedDB) { resolve(true); return; }
        var request = window.indexedDB.deleteDatabase(NAME);
        request.onsuccess = function () { resolve(true); };
        request.onerror = function () { resolve(false); };
        // blocked by the desk open in another tab (offline.js closes it on request): do not hold the sign-out for
        // it; the deletion still happens when that tab lets go, and the flag has it done again meanwhile
        request.onblocked = function () { window.setTimeout(function () { resolve(false); }, 2000); };
      });
    }).then(function (deleted) {
      return forgetDeskPages().then(function () {
        if (deleted) { setFlag(null); }
      });
    });
  }

  // One forum's list, its pages and worker, once the forum is over (its arrivals not sent yet stay until sent).
  // The device forgets the forum's end last: a wipe cut short by leaving the page is done again on the next one.
  function wipeForum(db, slug) {
    return forgetList(db, slug).then(function () { return forgetDeskPages(slug); }).then(function () {
        var current = flag();
        if (current && current.ends) { delete current.ends[slug]; setFlag(current); }
      });
  }

  function words(element, name, count) {
    var text = element.getAttribute("data-" + name + (count === 1 ? "-one" : "")) ||
      element.getAttribute("data-" + name) || "";
    return text.replace("{count}", String(count));
  }

  // --- on every page of a signed-in person ------------------------------------------------------------------------
  // sends this account's waiting arrivals (never another's); resolves to every arrival still waiting, anyone's
  function sendBeforeLeaving(db, token) {
    return entries(db, "queue", null, user).then(function (waiting) {
      var bySync = {};
      waiting.forEach(function (w) { (bySync[w.sync] = bySync[w.sync] || []).push(w.arrival); });
      return Promise.all(Object.keys(bySync).map(function (url) {
        var batch = bySync[url].slice(0, 500);
        return send(url, token, batch).then(function () {  // every answer counts as sent: the server has it
          return Promise.all(batch.map(function (a) { return dequeue(db, a.id); }));
        }).catch(function () {});
      })).then(function () { return entries(db, "queue"); });
    });
  }

  function guardSignOut(form) {
    form.addEventListener("submit", function (event) {
      var notes = window.ForumOpsOffline && window.ForumOpsOffline.notesPagesOf();
      if ((!flag() && !notes) || form.getAttribute("data-desk-checked")) { return; }
      event.preventDefault();
      var token = (form.querySelector("input[name=csrf_token]") || {}).value;
      (flag() ? open() : Promise.resolve(null)).then(function (db) {
        if (!db) { return 0; }
        return (navigator.onLine ? sendBeforeLeaving(db, token) : entries(db, "queue"))
          .then(function (left) { return left.length; });
      }).then(function (unsent) {
        // arrivals that could not be sent: deleting them loses them, so the organiser decides
        if (unsent > 0 && !window.confirm(words(form, "desk-unsent", unsent))) { return false; }
        // the notes editors this device kept go too (their unsent text stays: it is the person's own, in a store
        // another account never opens, static/js/autosave.js)
        return (flag() ? wipe() : Promise.resolve()).then(function () {
          return notes ? window.ForumOpsOffline.forgetNotesPages() : null;
        }).then(function () { return true; });
      }).catch(function () { return true; }).then(function (go) {
        if (go) { form.setAttribute("data-desk-checked", "1"); form.submit(); }
      });
    });
  }

  function forgetEndedForums(user) {
    var current = flag();
    if (!current) { return; }
    var now = Date.now();
    var ended = Object.keys(current.ends || {}).filter(function (slug) { return Date.parse(current.ends[slug]) <= now; });
    var someoneElse = user && current.user && String(current.user) !== String(user);
    if (!ended.length && !someoneElse) { return; }
    // another account: the lists go; the previous account's arrivals stay, never sent by this one (keyed by who
    // took them), until a sign-out warns about them and deletes them
    open().then(function (db) {
      if (!db) { return; }
      var slugs = someoneElse ? Object.keys(current.ends || {}) : ended;
      return Promise.all(slugs.map(function (slug) { return wipeForum(db, slug); })).then(function () {
        if (someoneElse) { remember("", null, user); }
      });
    });
  }

  var script = document.currentScript;
  var user = script ? script.getAttribute("data-user") : null;
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-signout]");
    if (form) { guardSignOut(form); }
    if ((flag() || {}).wiping) { wipe(); return; }  // a wipe cut short: again
    forgetEndedForums(user);
    // notes editors kept for another account: not this one's to open
    if (window.ForumOpsOffline && user) { window.ForumOpsOffline.forgetOthersNotesPages(user); }
  });

  window.ForumOpsDesk = {
    open: open, device: device, saveList: saveList, loadList: loadList, forgetList: forgetList, wipeForum: wipeForum,
    enqueue: enqueue, dequeue: dequeue, entries: entries, markSent: markSent, send: send, wipe: wipe, uuid: uuid,
    words: words, localMoment: localMoment, user: user, encrypted: !!subtle
  };
})();
