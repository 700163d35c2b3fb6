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
  function time(date) { return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }); }

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
        say("Draft kept at " + time(new Date()) + (data.stale ? ". Someone saved a newer version: saving will show both." : "."));
      })
      .catch(function (error) {
        dirty = true;
        say(error.message === "session"
          ? "Your session has ended: your text is still here. Sign in again in another tab, then save."
          : "Not reachable just now: your text is still here and will be kept when the connection returns.");
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
