// A running import's progress (templates/registration/desk/_import_progress.html): asks the page's JSON every
// two seconds and moves the bar and the sentence (a polite live region), until the import has finished; then
// reloads once, so the page shows what it gave and its OK button. Without this script the "Refresh" link does it.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-import-progress]");
  Array.prototype.forEach.call(boxes, function (box) {
    var url = box.getAttribute("data-import-progress");
    var bar = box.querySelector("progress");
    var summary = box.querySelector("[data-import-summary]");
    var refresh = box.querySelector("[data-import-refresh]");
    if (refresh) { refresh.hidden = true; }
    function ask() {
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state) { if (refresh) { refresh.hidden = false; } return; }
          if (bar) { bar.max = state.total; bar.value = state.written; }
          if (summary.textContent !== state.summary) { summary.textContent = state.summary; }
          if (state.state === "waiting" || state.state === "running") { window.setTimeout(ask, 2000); }
          else { window.location.reload(); }
        })
        .catch(function () { if (refresh) { refresh.hidden = false; } });
    }
    window.setTimeout(ask, 2000);
  });
}());
