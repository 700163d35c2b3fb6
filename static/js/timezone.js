// The programme's zone control: offer the device's own time zone when it differs from the forum's and no
// other zone is chosen yet. Without JavaScript the select and its button do the same.
(function () {
  "use strict";
  var form = document.querySelector(".zone-form");
  if (!form || !window.Intl) { return; }
  var device = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var select = form.querySelector("select[name=tz]");
  if (!device || device === form.dataset.forumZone || select.value !== "forum") { return; }
  if (!Array.prototype.some.call(select.options, function (o) { return o.value === device; })) { return; }
  var suggestion = form.querySelector(".zone-suggestion");
  var link = suggestion.querySelector("[data-zone-link]");
  link.href = form.action + "?tz=" + encodeURIComponent(device);
  link.textContent = link.textContent + " (" + device + ")";
  suggestion.hidden = false;
})();
