// Keeps what a facilitator or rapporteur types in the notes editor (a cluster's notes, a session's notes), so
// venue Wi-Fi that drops, a reload, a crash or a closed laptop loses no word:
// - on the device: 300 ms after each input, the fields go into IndexedDB (static/js/offline.js), in a database of
//   this person's own (data-offline-user: another account on this device sees none of it), under the notes' name
//   (data-offline-key) with the version the text was based on;
// - on the server, as the person's own draft (the autosave endpoint): 2 s after typing stops, again when the
//   connection returns (and on a retry), and the device copy is removed only once the server answered that it
//   keeps it. Nothing says "kept" before the server did.
// On load, a device copy the page does not hold is put back in the fields, and the page says so. When the server
// answers that someone else saved meanwhile, text that waited on the device opens the conflict view: the form is
// sent as a normal save of the old version, which the server refuses, showing both versions side by side.
// Several tabs on the same notes: the device keeps the last typed, whichever tab; one tab sends at a time (a Web
// Lock named after the notes) and it sends the device copy, so the same text never goes twice.
// The form works without this script: "Save notes" always submits normally.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var statusEl = form.querySelector("[data-autosave-status]");
  var restoredEl = document.querySelector("[data-restored]");
  var versionField = form.querySelector("input[name=version]");
  var url = form.getAttribute("data-autosave-url");
  var user = form.getAttribute("data-offline-user") || "";
  var key = form.getAttribute("data-offline-key") || url;
  var STORE = "drafts", SEND_AFTER = 2000, WRITE_AFTER = 300, TIMEOUT = 20000, LONGEST_WAIT = 60000;
  var tab = String(Date.now()) + Math.random();  // which tab wrote the device copy
  var store = null;        // the device store once open; null: the server draft only, as before this script kept one
  var pending = false;     // a device copy waits to be sent
  var dirty = false;       // typed since the server last had the text (without a device store)
  var waited = false;      // the text waited: typed offline, a send failed, or restored on load
  var writing = null, writeTimer = null, sendTimer = null, retryDelay = 0, sending = false, again = false;
  var restoredAt = null, leaving = false, indicator = function () {};

  function say(text) { if (statusEl) { statusEl.textContent = text; } }
  // the words come translated from the page (data-* on the status element)
  function words(name, element) {
    return (element || statusEl) ? (element || statusEl).getAttribute("data-" + name) || "" : "";
  }
  function time(date) {
    // 24-hour, as the pages' own times are written (13:22, not 01:22 PM)
    return date.toLocaleTimeString(document.documentElement.lang || [], { hour: "2-digit", minute: "2-digit",
                                                                           hourCycle: "h23" });
  }

  // --- the fields as [name, value] pairs, and back -------------------------------------------------------
  function kept(element) {
    return element.name && !element.disabled && element.name !== "csrf_token" && element.name !== "version" &&
      element.type !== "submit" && element.type !== "button";
  }
  function fields() {
    var pairs = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element) || ((element.type === "checkbox" || element.type === "radio") && !element.checked)) {
        return;
      }
      pairs.push([element.name, element.value]);
    });
    return pairs;
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // A device copy may hold more recommendation or action rows than the page shows: add rows like the last one.
  function ensureRows(pairs) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-rows]"), function (group) {
      var prefix = group.getAttribute("data-rows"), pattern = new RegExp("^" + prefix + "-(\\d+)-"), needed = 0;
      pairs.forEach(function (pair) {
        var match = pattern.exec(pair[0]);
        if (match) { needed = Math.max(needed, Number(match[1]) + 1); }
      });
      var rows = group.querySelectorAll("[data-row]");
      for (var index = rows.length; index < needed && rows.length; index++) {
        var last = group.querySelectorAll("[data-row]")[index - 1];
        last.parentNode.insertBefore(copyRow(last, prefix, index - 1, index), last.nextSibling);
      }
    });
  }
  function copyRow(row, prefix, from, to) {
    var copy = row.cloneNode(true), before = prefix + "-" + from + "-", after = prefix + "-" + to + "-";
    var label = copy.getAttribute("aria-label");
    if (label) { copy.setAttribute("aria-label", label.replace(String(from + 1), String(to + 1))); }
    Array.prototype.forEach.call(copy.querySelectorAll(".error-message"), function (node) { node.remove(); });
    Array.prototype.forEach.call(copy.querySelectorAll("*"), function (node) {
      ["id", "name", "for", "aria-describedby"].forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value) { node.setAttribute(attribute, value.split(before).join(after)); }
      });
      node.removeAttribute("aria-invalid");
      if (node.classList) { node.classList.remove("field-error"); }
      if (node.tagName === "SELECT") {
        Array.prototype.forEach.call(node.options, function (option) { option.selected = option.defaultSelected; });
      } else if (node.tagName === "TEXTAREA" || node.tagName === "INPUT") { node.value = ""; }
    });
    return copy;
  }
  function fill(pairs, version) {
    ensureRows(pairs);
    var values = {};
    pairs.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) { return; }
      var given = values[element.name];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = !!given && given.indexOf(element.value) >= 0;
      } else if (given) {
        element.value = given.shift();
      } else if (element.tagName !== "SELECT") {
        element.value = "";
      }
    });
    if (versionField) { versionField.value = version; }
  }

  // --- the device copy -----------------------------------------------------------------------------------
  function record() {
    return { id: key, fields: fields(), base_version: versionField ? versionField.value : "", typed_at: Date.now(),
             tab: tab, waited: waited, submitted: false };
  }
  function write(value) {
    window.clearTimeout(writeTimer); writeTimer = null;
    if (!store) { return Promise.resolve(); }
    writing = store.put(STORE, value || record()).then(function () { pending = true; indicator(); }, function () {
      store = null; dirty = true; indicator();  // the device refuses (full, or storage off): the server draft only
    });
    return writing;
  }
  // Remove the device copy only when it is still the one the server confirmed (nobody typed since, in any tab).
  function removeIfUnchanged(sent) {
    return new Promise(function (resolve) {
      var tx = store.raw.transaction(STORE, "readwrite"), stored = tx.objectStore(STORE), request = stored.get(key);
      request.onsuccess = function () {
        if (request.result && request.result.typed_at === sent.typed_at) { stored.delete(key); }
      };
      tx.oncomplete = tx.onerror = tx.onabort = function () { resolve(); };
    }).then(function () { return store.get(STORE, key); }).then(function (left) { pending = !!left; indicator(); });
  }
  // Change the device copy in place (one transaction: another tab's newer text is never overwritten).
  function update(change) {
    if (!store) { return Promise.resolve(); }
    return new Promise(function (resolve) {
      var tx = store.raw.transaction(STORE, "readwrite"), stored = tx.objectStore(STORE), request = stored.get(key);
      request.onsuccess = function () { if (request.result) { stored.put(change(request.result)); } };
      tx.oncomplete = tx.onerror = tx.onabort = function () { resolve(); };
    });
  }
  function exclusive(work) {
    if (navigator.locks && navigator.locks.request) {
      return navigator.locks.request("forumops-notes/" + user + "/" + key, work);
    }
    return work();  // without Web Locks two tabs may send the same text; the server keeps it once either way
  }

  // --- sending ---------------------------------------------------------------------------------------------
  function post(pairs, version) {
    var body = new FormData(), token = form.querySelector("input[name=csrf_token]"), controller = null;
    if (token) { body.append("csrf_token", token.value); }
    body.append("version", version);
    pairs.forEach(function (pair) { body.append(pair[0], pair[1]); });
    var options = { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (window.AbortController) {
      controller = new AbortController();
      options.signal = controller.signal;
      window.setTimeout(function () { controller.abort(); }, TIMEOUT);
    }
    return fetch(url, options).then(function (response) {
      if (response.status === 400 || response.status === 401 || response.status === 403) {
        throw new Error("session");
      }
      if (response.status === 422) { throw new Error("refused"); }
      if (!response.ok) { throw new Error("http"); }
      return response.json();
    });
  }

  function send() {
    window.clearTimeout(sendTimer); sendTimer = null;
    if (sending) { again = true; return; }
    if (!navigator.onLine) { waited = true; return; }  // the online event sends
    sending = true; again = false;
    (writeTimer ? write() : writing || Promise.resolve()).then(function () {
      return exclusive(function () {
        if (!store) {
          if (!dirty) { return null; }
          dirty = false;
          return post(fields(), versionField ? versionField.value : "").then(function (data) {
            return { data: data, sent: null };
          });
        }
        dirty = false;
        return store.get(STORE, key).then(function (sent) {
          if (!sent) { pending = false; indicator(); return null; }
          return post(sent.fields, sent.base_version).then(function (data) {
            return removeIfUnchanged(sent).then(function () { return { data: data, sent: sent }; });
          });
        });
      });
    }).then(answered, failed).then(function (retry) {
      sending = false;
      if (again || retry) { schedule(again ? SEND_AFTER : retryDelay); }
    });
  }

  // The server answered that it keeps the text: say so. Returns whether something is still to be sent.
  function answered(result) {
    retryDelay = 0;
    if (!result) { return false; }
    var sent = result.sent;
    if (result.data.stale && ((sent && sent.waited) || waited)) {
      openConflict(sent);
      return false;
    }
    waited = false;
    say(words(result.data.stale ? "kept-stale" : "kept").replace("{time}", time(new Date())));
    if (restoredAt && restoredEl) {
      restoredEl.textContent = words("sent", restoredEl).replace("{time}", time(restoredAt));
    }
    indicator();
    return store ? pending : dirty;  // typed meanwhile (in another tab too)
  }

  // Not sent: the text stays (on the device, or in the fields), marked as having waited. Returns whether to retry.
  function failed(error) {
    waited = true;
    if (!store) { dirty = true; indicator(); }
    update(function (copy) { copy.waited = true; return copy; });
    var reason = error && error.message;
    if (reason === "session" || reason === "refused") {  // retrying cannot help: the next input or online event will
      say(words(reason === "session" ? "session-ended" : "refused"));
      return false;
    }
    say(words(store ? "device" : "unreachable"));
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 5000, LONGEST_WAIT);
    return true;
  }

  function schedule(delay) {
    window.clearTimeout(sendTimer);
    sendTimer = window.setTimeout(send, delay);
  }

  // Someone else saved since the text that waited on this device was based on: send it as a save of that older
  // version; the server refuses it and shows the conflict page with both texts (the device's as "yours").
  function openConflict(sent) {
    if (sent && sent.tab !== tab) { fill(sent.fields, sent.base_version); }
    leaving = true;
    HTMLFormElement.prototype.submit.call(form);
  }

  // --- typing, saving, leaving -----------------------------------------------------------------------------
  form.addEventListener("input", function () {
    if (!navigator.onLine) { waited = true; }
    dirty = true;
    if (!store) { indicator(); }
    window.clearTimeout(writeTimer);
    writeTimer = window.setTimeout(function () {
      write().then(function () { if (store && !navigator.onLine) { say(words("device")); } });
    }, WRITE_AFTER);
    schedule(SEND_AFTER);
  });
  form.addEventListener("submit", function (event) {
    window.clearTimeout(sendTimer);
    if (!navigator.onLine) {  // the browser would show its own offline page: keep the text here and say so
      event.preventDefault();
      waited = true;
      write().then(function () { say(words("offline-save")); });
      return;
    }
    dirty = false; leaving = true;
    if (!store) { return; }
    // mark the device copy as sent with this save, then send it: the next page tells whether it arrived
    event.preventDefault();
    var value = record();
    value.submitted = true;
    var go = function () { HTMLFormElement.prototype.submit.call(form); };
    write(value).then(go, go);
  });
  // discarding the server's draft discards this device's copy too, or the next page would bring it back
  var discard = document.querySelector("form[data-discard-draft]");
  if (discard) {
    discard.addEventListener("submit", function (event) {
      if (!store) { return; }
      event.preventDefault();
      window.clearTimeout(writeTimer); window.clearTimeout(sendTimer); writeTimer = null; leaving = true;
      var go = function () { HTMLFormElement.prototype.submit.call(discard); };
      store.remove(STORE, key).then(go, go);
    });
  }
  function keepNow() { if (writeTimer) { write(); } }
  document.addEventListener("visibilitychange", function () { if (document.hidden) { keepNow(); } });
  window.addEventListener("pagehide", keepNow);
  window.addEventListener("beforeunload", function (event) {
    keepNow();
    if (!store && dirty && !leaving) { event.preventDefault(); event.returnValue = ""; }
  });
  window.addEventListener("online", function () { retryDelay = 0; send(); });
  window.addEventListener("offline", function () {
    if (pending || dirty) { waited = true; update(function (copy) { copy.waited = true; return copy; }); }
  });

  // --- on load: what the device holds that the page does not -----------------------------------------------
  function arrived(copy) {
    // a save this device sent (marked before the form went) arrived when the notes' version rose past the
    // copy's, saved by this person; a refused save comes back as the conflict page, a failed one not at all
    return copy.submitted && Number(form.getAttribute("data-saved-version")) > Number(copy.base_version) &&
      form.getAttribute("data-saved-by") === user;
  }
  function restore(copy) {
    if (form.hasAttribute("data-conflict")) {
      // the conflict page: its form holds this person's text with the other's entries added, on the new version;
      // that is what waits to be sent now (as a draft: it is no longer stale)
      waited = false;
      return write().then(send);
    }
    if (!copy) { return dirty ? write().then(send) : null; }  // typed before the store opened
    if (arrived(copy)) { return store.remove(STORE, key); }
    if (versionField) { versionField.value = copy.base_version; }
    if (!same(copy.fields, fields())) {
      fill(copy.fields, copy.base_version);
      restoredAt = new Date(copy.typed_at);
      if (restoredEl) {
        restoredEl.textContent = words("waiting", restoredEl).replace("{time}", time(restoredAt));
        restoredEl.hidden = false;
      }
    }
    waited = true;
    copy.waited = true; copy.submitted = false; copy.tab = tab;
    return write(copy).then(send);
  }

  // the editor's service worker (scope: this page alone) opens it again offline; the flag tells sign-out, and the
  // next account signed in on this device, that there are kept pages to delete (static/js/desk-store.js)
  var worker = form.getAttribute("data-worker-url");
  if (worker && user && navigator.serviceWorker && window.ForumOpsOffline) {
    var device = window.ForumOpsOffline;
    device.forgetOthersNotesPages(user).then(function () {  // the last account's kept editors first
      device.rememberNotesPages(user);
      return navigator.serviceWorker.register(worker, { scope: form.getAttribute("data-worker-scope") });
    }).catch(function () {});
  }

  var opening = window.ForumOpsOffline && user ? window.ForumOpsOffline.open("forumops-notes-" + user, [STORE])
    : Promise.resolve(null);
  opening.then(function (handle) {
    store = handle;
    if (window.ForumOpsOffline) {
      indicator = window.ForumOpsOffline.status(form.querySelector("[data-connection-status]"),
                                                function () { return (store ? pending : dirty) ? 1 : 0; });
    }
    if (!store) { return null; }
    return store.get(STORE, key).then(restore);
  }).catch(function () { store = null; });
})();
