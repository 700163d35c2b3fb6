// A link marked data-go-back goes back in the browser's history when there is a page to go back to, so the form
// left comes back as it was typed (browsers keep a form's text on the way back); otherwise it is a plain link.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("a[data-go-back]"), function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1 && document.referrer) {
        event.preventDefault();
        window.history.back();
      }
    });
  });
}());
