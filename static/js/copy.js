// "Copy address" buttons (data-copy="<id of the text>"): the button appears only with JavaScript, copies the
// text to the clipboard and says "Copied" in the status beside it. Without JavaScript the text stays in a
// readonly box the person can select and copy; focusing the box selects it all.
(function () {
  "use strict";
  function copy(text, field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    field.select();  // over plain http there is no clipboard API: the older command still works in most browsers
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("not copied"));
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[aria-live]");
    if (!field || !status) { return; }
    field.addEventListener("focus", function () { field.select(); });
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(field.value, field).then(function () {
        status.textContent = status.getAttribute("data-copied");
      }, function () {
        field.focus();
        status.textContent = status.getAttribute("data-not-copied");
      });
    });
  });
})();
