// "Print" buttons (data-print): shown only with JavaScript, they open the browser's print dialog. Without it the
// browser's own Print prints the same page: the print styles leave the list alone on the paper.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
