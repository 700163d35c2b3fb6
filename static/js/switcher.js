// The language switcher (a <details> menu): Escape or a click elsewhere closes it, as people expect of a menu.
// Without this script it opens and closes with its button, and every choice is a plain link or form.
(function () {
  "use strict";
  var menu = document.querySelector("[data-language-switcher]");
  if (!menu) { return; }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) { menu.open = false; }
  });
})();
