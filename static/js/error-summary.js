// After a refused submit, move focus to the error summary (the first on the page), so keyboard and
// screen-reader users start from the list of what to correct; its links lead to each field. The summary
// carries autofocus too: this covers browsers that ignore autofocus on a non-form element, and does
// nothing if the person has already moved focus somewhere.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  var active = document.activeElement;
  if (active && active !== document.body && active !== summary) { return; }
  summary.focus();
})();
