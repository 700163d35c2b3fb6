// The check-in desk when the venue's network drops. Online, a scan goes to the server as the form always did (its
// answer replaces the result, the counts and the form, without reloading the page); offline, or when the server
// cannot be reached, the scan or name search is answered from the list kept on this device (desk-store.js), the
// arrival is recorded here with its time and this device's id and sent when the network returns. Nothing says
// "checked in" before the server has it: the local answer is "Recorded on this device — will be sent", and the
// result changes when the server confirms. After a sync, arrivals another desk took earlier ("already checked in
// at 08:04 by another desk"), cancelled and unknown codes are listed under "Sent from this device".
// Without this script the desk is the plain form it always was. Every word comes from the page (#desk-offline).
(function () {
  "use strict";
  var root = document.getElementById("desk-offline");
  var Store = window.ForumOpsDesk, Answers = window.ForumOpsDeskAnswers;
  if (!root || !Store || !Answers || !window.fetch || !window.Promise) { return; }
  var slug = root.getAttribute("data-forum");
  var urls = { list: root.getAttribute("data-list-url"), sync: root.getAttribute("data-sync-url"),
               worker: root.getAttribute("data-worker-url"), desk: root.getAttribute("data-desk-url") };
  var BATCH = 500, SYNC_EVERY_MS = 30000, REFRESH_EVERY = 10;  // a sync each 30 s, the list each 5 min
  var state = { db: null, device: "", list: null, byCode: new Map(), queue: new Map(), sent: new Map(),
                local: new Map(), token: "", syncing: false, unreachable: false, signedOut: false, ticks: 0 };
  var statusEl = document.getElementById("desk-connection");
  var listEl = document.getElementById("desk-list-state");
  var log = document.getElementById("desk-log");
  var countsNote = el("p", "hint desk-counts-note", say("counts-stale"));
  countsNote.hidden = true;

  function say(name, values) {
    var text = root.getAttribute("data-w-" + name) || "";
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function normalise(code) { return (code || "").toUpperCase().replace(/[^\p{L}\p{N}]/gu, ""); }
  // a time as the desk writes it: 24-hour, in the forum's zone (as the server's answers), whatever the device's
  function clock(date) {
    var zone = state.list ? state.list.timezone : undefined;
    try {
      return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone })
        .format(date);
    } catch (e) {
      return String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
    }
  }
  function todayIn(zone) {
    try { return new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date()); } catch (e) { return ""; }
  }

  // --- the day the desk records for -------------------------------------------------------------------------------
  function dayInput() { return document.querySelector("form.checkin-scan input[name=day]"); }  // the form is redrawn
  state.day = dayInput() ? dayInput().value : "";
  state.token = (document.querySelector("form.checkin-scan input[name=csrf_token]") || {}).value || "";

  // A page kept by the worker may be from another day: unless a day was chosen, the desk records for today when
  // today is one of the forum's days (the heading says so).
  function followToday() {
    if (!state.list || root.getAttribute("data-day-chosen") === "1") { return; }
    var today = todayIn(state.list.timezone);
    if (today && today !== state.day && state.list.days.indexOf(today) >= 0) {
      state.day = today;
      if (dayInput()) { dayInput().value = today; }
      var shown = document.querySelector(".checkin-day-name span");
      if (shown) {
        shown.textContent = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
          { dateStyle: "full", timeZone: "UTC" }).format(new Date(today + "T00:00:00Z"));
      }
    }
  }

  // --- the indicator ----------------------------------------------------------------------------------------------
  var updateStatus = function () {};
  function waiting() { return state.queue.size; }
  // offline.js draws "Online", "Offline" and what waits; this desk adds the plural it needs, and says so when the
  // browser believes it is online but the server cannot be reached (venue Wi-Fi without a way out)
  function refreshStatus() {
    if (!statusEl) { return; }
    statusEl.setAttribute("data-waiting", Store.words(statusEl, "waiting-n", waiting()));
    updateStatus();
    var stale = !navigator.onLine || state.unreachable;
    var counts = document.querySelector(".checkin-counts");
    if (counts && countsNote) {
      countsNote.hidden = !stale;
      if (countsNote.previousElementSibling !== counts) { counts.after(countsNote); }
    }
    if (state.unreachable && navigator.onLine) {
      statusEl.textContent = statusEl.getAttribute("data-unreachable") +
        (waiting() ? " · " + statusEl.getAttribute("data-waiting") : "");
      statusEl.setAttribute("data-state", "offline");
    }
  }

  function showListState() {
    if (!listEl) { return; }
    if (state.signedOut) { listEl.textContent = say("signed-out"); }
    else if (!state.db) { listEl.textContent = say("no-storage"); }
    else if (state.list) {
      listEl.textContent = Store.words(listEl, "kept", state.list.people.length)
        .replace("{time}", state.list.kept_at ? clock(new Date(state.list.kept_at)) : "");
    } else { listEl.textContent = say("no-list"); }
    listEl.hidden = false;
  }

  // --- the list ---------------------------------------------------------------------------------------------------
  function useList(list) {
    state.list = list;
    state.byCode = new Map();
    list.people.forEach(function (p) {
      state.byCode.set(p[0], { code: p[0], name: p[1], category: p[2], key: Answers.fold(p[1]) });
    });
    followToday();
    showListState();
  }

  function ended(list) { return Date.parse(list.ends_at) <= Date.now(); }

  function refreshList(force) {
    var headers = { "Accept": "application/json" };
    if (state.list && state.list.version && !force) { headers["If-None-Match"] = '"' + state.list.version + '"'; }
    return fetch(urls.list, { credentials: "same-origin", cache: "no-store", headers: headers }).then(function (response) {
      if (response.status === 304) { return null; }
      if (response.redirected || response.status === 401 || response.status === 403) { throw new Error("signed-out"); }
      if (!response.ok) { throw new Error("unreachable"); }
      return response.json();
    }).then(function (data) {
      state.unreachable = false;
      if (!data) { return; }
      state.token = data.csrf_token || state.token;
      delete data.csrf_token;  // the form token stays in memory, never on the device
      if (ended(data)) {  // the forum is over: no copy on the device any more
        state.list = null;
        return state.db && Store.wipeForum(state.db, slug);
      }
      data.kept_at = new Date().toISOString();
      useList(data);
      return state.db && Store.saveList(state.db, slug, data, Store.user);
    }).catch(function (error) {
      if (error.message === "signed-out") { signedOut(); } else { state.unreachable = true; }
    }).then(refreshStatus);
  }

  function signedOut() {
    // the session ended elsewhere (signed out, expired): the list goes; arrivals not sent stay until someone
    // who may send them signs in again
    state.signedOut = true;
    state.list = null;
    state.byCode = new Map();
    if (state.db) { Store.forgetList(state.db, slug); }
    showListState();
  }

  // --- answering a scan -------------------------------------------------------------------------------------------
  function resultPanel() { return document.getElementById("checkin-result"); }
  function showResult(kind, verdict, person, code, note, arrivalId) {
    Answers.show(resultPanel(), kind, verdict, person, code, note, arrivalId);
  }

  function arrivalFor(code, person) {
    return { id: Store.uuid(), code: code, day: state.day, device_time: Store.localMoment(new Date()),
             device: state.device, recorded_by: Store.user,
             list_time: state.list ? state.list.server_time : undefined,  // none earlier can be right (the server's)
             name: person ? person.name : "", category: person ? person.category : "" };
  }

  // The local answer, synchronous (lookup and drawing): what the benchmark times. Storing it follows.
  function recordHere(code) {
    var person = state.byCode.get(code);
    var known = state.local.get(code + "|" + state.day);
    if (known) {
      var time = clock(new Date(known.time));
      if (known.sent) { showResult("already", say("already", { time: time }), person, code); }
      else { showResult("already", say("local-again", { time: time }), person, code, "", known.id); }
      return;
    }
    var arrival = arrivalFor(code, person);
    state.local.set(code + "|" + state.day, { id: arrival.id, time: Date.now(), sent: false });
    state.queue.set(arrival.id, arrival);
    if (person) { showResult("local", say("local"), person, code, "", arrival.id); }
    else { showResult("unknown", say("unknown"), null, code, say("unknown-note"), arrival.id); }
    refreshStatus();
    // not kept on this device (no storage, quota full, key lost): never claim it is; it is sent while this page
    // stays open
    (state.db ? Store.enqueue(state.db, slug, urls.sync, arrival) : Promise.reject(new Error("no storage")))
      .catch(function () {
        var current = resultPanel().querySelector("[data-arrival='" + arrival.id + "']");
        if (current) { Answers.update(current, "refused", say("no-storage")); }
      });
  }

  function clearInput() {
    var input = document.querySelector("form.checkin-scan input[name=code]");
    if (input) { input.value = ""; input.focus(); }
  }

  // Online: the form's own POST, its answer drawn in place (the server's words, counts and errors).
  function swapIn(html, parts) {
    var next = new DOMParser().parseFromString(html, "text/html");
    (parts || [".checkin-counts", "form.checkin-scan", ".checkin-categories"]).forEach(function (selector) {
      var old = document.querySelector(selector), fresh = next.querySelector(selector);
      if (old && fresh) { old.replaceWith(document.adoptNode(fresh)); }
    });
    var fresh = next.getElementById("checkin-result");
    if (fresh && !parts) { resultPanel().replaceChildren.apply(resultPanel(), Array.from(fresh.childNodes).map(function (n) {
      return document.adoptNode(n);
    })); }
  }

  function postOnline(form, code) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = window.setTimeout(function () { if (controller) { controller.abort(); } }, 6000);
    return fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                                signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (response.redirected || !(response.ok || response.status === 422)) { throw new Error("not recorded"); }
        return response.text();
      }).then(function (html) {
        swapIn(html);
        state.unreachable = false;
      }).catch(function () {
        state.unreachable = true;
        recordHere(code);  // the server did not answer: kept here, sent when it can be (unknown: checked then)
      }).then(function () {
        window.clearTimeout(timer);
        refreshStatus();
        if (!document.querySelector("form.checkin-scan .error-message, form.checkin-scan .error-summary")) {
          clearInput();  // a refused scan keeps what was typed, beside its message
        }
      });
  }

  function onScan(event) {
    var form = event.target;
    var code = normalise((form.querySelector("input[name=code]") || {}).value);
    var offline = !navigator.onLine || state.unreachable;
    if (!code) { if (offline) { event.preventDefault(); } return; }  // online: the server asks for a code
    if (!offline) {
      event.preventDefault();
      postOnline(form, code);
      return;
    }
    event.preventDefault();
    recordHere(code);
    clearInput();
  }

  // --- the name search offline (desk-answers.js draws it) ---------------------------------------------------------
  function onSearch(event) {
    if ((navigator.onLine && !state.unreachable) || !state.list) { return; }  // online: the server's search
    event.preventDefault();
    Answers.search(event.target, state.byCode, function (person) {
      recordHere(person.code);
      resultPanel().scrollIntoView();
      clearInput();
    });
  }

  // --- sending ------------------------------------------------------------------------------------------------------
  function verdictOf(answer, arrival) {
    var values = { time: answer.time || "" };
    switch (answer.result) {
      case "recorded": case "moved_earlier": return ["checked_in", say("sent")];
      case "already": return ["already", say(answer.by_this_device ? "already-here" : answer.taken_offline
        ? "already-other" : "already", values)];
      case "cancelled": return ["refused", say("cancelled")];
      case "refused": return ["refused", say("refused-" + answer.status) || say("refused")];
      case "unknown": return ["unknown", say("unknown-server")];
      default: return ["refused", say("invalid")];
    }
  }

  function told(answer, arrival, recheck) {
    var key = arrival.code + "|" + arrival.day, verdict = verdictOf(answer, arrival);
    var ok = answer.result === "recorded" || answer.result === "moved_earlier";
    var current = resultPanel().querySelector("[data-arrival='" + arrival.id + "']");
    if (current && !(recheck && ok)) {
      Answers.update(current, verdict[0], verdict[1]);
    }
    if (ok) {
      state.local.set(key, { id: arrival.id, time: Date.parse(answer.arrived_at), sent: true });
      if (!recheck) {
        state.queue.delete(arrival.id);
        state.sent.set(arrival.id, arrival);
        if (state.db) { Store.markSent(state.db, slug, arrival); }
      }
      return;
    }
    state.local.set(key, { id: arrival.id, time: Date.parse(answer.arrived_at || "") || Date.now(), sent: true });
    state.queue.delete(arrival.id);
    state.sent.delete(arrival.id);
    if (state.db) { Store.dequeue(state.db, arrival.id); state.db.remove("sent", arrival.id); }
    var item = el("li", "desk-log-" + verdict[0]);
    item.appendChild(el("strong", "", arrival.name || arrival.code)).setAttribute("dir", "auto");
    item.appendChild(document.createTextNode(" — " + verdict[1]));
    log.querySelector("ul").prepend(item);
    log.hidden = false;
  }

  function sync(retried) {
    if (state.syncing || !navigator.onLine || state.signedOut) { return Promise.resolve(); }
    var pending = Array.from(state.queue.values()).slice(0, BATCH);
    var room = BATCH - pending.length;  // with room left, ask again about today's arrivals sent before
    var rechecks = room <= 0 ? [] : Array.from(state.sent.values())
      .filter(function (a) { return a.day === state.day; }).slice(-room);
    if (!pending.length && !rechecks.length) { return Promise.resolve(); }
    state.syncing = true;
    var byId = new Map(), isRecheck = new Set();
    pending.forEach(function (a) { byId.set(a.id, a); });
    rechecks.forEach(function (a) { byId.set(a.id, a); isRecheck.add(a.id); });
    return Store.send(urls.sync, state.token, pending.concat(rechecks)).then(function (data) {
      state.unreachable = false;
      var sentNow = 0;
      data.results.forEach(function (answer) {
        var arrival = byId.get(answer.id);
        if (!arrival) { return; }
        told(answer, arrival, isRecheck.has(answer.id));
        if (!isRecheck.has(answer.id)) { sentNow += 1; }
      });
      if (sentNow) {
        log.querySelector(".desk-log-summary").textContent = Store.words(log, "sent", sentNow)
          .replace("{time}", clock(new Date()));
        log.hidden = false;
        refreshCounts();
      }
      state.syncing = false;
      refreshStatus();
      if (state.queue.size && pending.length === BATCH) { return sync(); }
    }).catch(function (error) {
      state.syncing = false;
      if (error.message === "signed-out") { signedOut(); }
      else if (error.message === "token" && !retried) { return refreshList(true).then(function () { return sync(true); }); }
      else { state.unreachable = true; }
      refreshStatus();
    });
  }

  // the day's counts as the server has them now, once the arrivals reached it
  function refreshCounts() {
    fetch(urls.desk + "?day=" + encodeURIComponent(state.day), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok && !response.redirected ? response.text() : null; })
      .then(function (html) { if (html) { swapIn(html, [".checkin-counts", ".checkin-categories"]); } })
      .catch(function () {});
  }

  function tick() {
    if (!navigator.onLine) { return; }
    state.ticks += 1;
    var refresh = state.unreachable || state.ticks % REFRESH_EVERY === 0 ? refreshList() : Promise.resolve();
    refresh.then(function () { return sync(); });
  }

  // --- start ----------------------------------------------------------------------------------------------------------
  document.addEventListener("submit", function (event) {
    if (event.target.matches("form.checkin-scan")) { onScan(event); }
    else if (event.target.matches(".checkin-search form[role=search]")) { onSearch(event); }
  });
  if (navigator.serviceWorker) {
    navigator.serviceWorker.register(urls.worker, { scope: urls.desk }).catch(function () {});
  }
  updateStatus = window.ForumOpsOffline ? window.ForumOpsOffline.status(statusEl, waiting) : updateStatus;
  window.addEventListener("online", function () { state.unreachable = false; refreshList().then(function () { return sync(); }); });
  window.addEventListener("offline", refreshStatus);
  Store.open().then(function (db) {
    state.db = db;
    if (!db) { showListState(); return null; }
    return Promise.all([Store.device(db), Store.loadList(db, slug), Store.entries(db, "queue", slug, Store.user),
                        Store.entries(db, "sent", slug)]).then(function (found) {
      state.device = found[0];
      if (found[1] && !ended(found[1])) { useList(found[1]); }
      else if (found[1]) { Store.wipeForum(db, slug); }
      found[2].forEach(function (e) {
        state.queue.set(e.id, e.arrival);
        state.local.set(e.arrival.code + "|" + e.arrival.day, { id: e.id, time: Date.parse(e.arrival.device_time), sent: false });
      });
      found[3].forEach(function (e) {
        if (e.arrival.day !== state.day) { db.remove("sent", e.id); return; }  // yesterday's: nothing to ask
        state.sent.set(e.id, e.arrival);
        state.local.set(e.arrival.code + "|" + e.arrival.day, { id: e.id, time: Date.parse(e.arrival.device_time), sent: true });
      });
    });
  }).catch(function () { state.db = null; }).then(function () {
    if (!state.device) { state.device = Store.uuid(); }  // no storage: this page's own id
    showListState();
    refreshStatus();
    if (navigator.onLine) { refreshList().then(function () { return sync(); }); }
    window.setInterval(tick, SYNC_EVERY_MS);
  });
})();
