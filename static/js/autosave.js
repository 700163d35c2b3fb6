// Keeps what a facilitator types as their own draft on the server, a few seconds after they stop
// typing, and says so in a polite live region. The form works without this script: "Save notes"
// always submits normally. Venue Wi-Fi drops: failed attempts are retried, and leaving the page with
// unsent changes asks first.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var statusEl = form.querySelector("[data-autosave-status]");
  var url = form.getAttribute("data-autosave-url");
  var timer = null, dirty = false, sending = false;

  function say(text) { if (statusEl) { statusEl.textContent = text; } }
  // the words come translated from the page (data-* on the status element)
  function words(name) { return statusEl ? statusEl.getAttribute("data-" + name) || "" : ""; }
  function time(date) {
    return date.toLocaleTimeString(document.documentElement.lang || [], { hour: "2-digit", minute: "2-digit" });
  }

  function send() {
    if (sending || !dirty) { return; }
    sending = true; dirty = false;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin",
                 headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 401 || response.status === 400) {
          throw new Error("session");
        }
        if (!response.ok) { throw new Error("http"); }
        return response.json();
      })
      .then(function (data) {
        say(words(data.stale ? "kept-stale" : "kept").replace("{time}", time(new Date())));
      })
      .catch(function (error) {
        dirty = true;
        say(words(error.message === "session" ? "session-ended" : "unreachable"));
        window.setTimeout(send, 10000);
      })
      .then(function () {
        sending = false;
        if (dirty) { window.clearTimeout(timer); timer = window.setTimeout(send, 2000); }  // typed meanwhile
      });
  }

  form.addEventListener("input", function () {
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(send, 2000);
  });
  form.addEventListener("submit", function () { dirty = false; window.clearTimeout(timer); });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
