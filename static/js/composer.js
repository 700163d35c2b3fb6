// The composer's recipient count, kept up to date as the filters change: it asks the count endpoint and
// rewrites the count and the "Preview for" list. Without this script the "Update count" button does the same
// by sending the form; with it the button is not needed, so it is hidden.
(function () {
  "use strict";
  var form = document.querySelector("form[data-count-url]");
  if (!form || !window.fetch) { return; }
  var filters = form.querySelector(".composer-filters");
  var count = form.querySelector("[data-recipient-count] strong");
  var echo = form.querySelector("[data-recipient-count-echo]");
  var preview = form.elements.namedItem("preview_for");
  var search = form.elements.namedItem("preview_search");
  var button = form.querySelector("[data-update-count]");
  var find = form.querySelector("[data-find-person]");
  var timer = null;
  var asked = 0;
  if (button) { button.hidden = true; }
  if (find) { find.hidden = true; }  // the list follows the search as it is typed

  function refresh() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(filters.querySelectorAll("select, input"), function (el) {
      params.append(el.name, el.value);
    });
    if (search) { params.append(search.name, search.value); }
    var mine = ++asked;
    fetch(form.getAttribute("data-count-url") + "?" + params.toString(), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (data) {
      if (mine !== asked) { return; }  // a later change already asked again
      count.textContent = data.text;
      if (echo) { echo.textContent = data.text; }
      if (preview) {
        var chosen = preview.value;
        preview.innerHTML = "";
        data.people.forEach(function (person) {
          var option = document.createElement("option");
          option.value = person[0];
          option.textContent = person[1];
          option.selected = person[0] === chosen;
          preview.appendChild(option);
        });
        var hint = document.getElementById(preview.id + "-hint");
        if (hint) { hint.textContent = data.hint; }  // whom the list holds, or that the search found no one
      }
    }).catch(function () {
      if (button) { button.hidden = false; }  // the count could not be fetched: offer the buttons again
      if (find) { find.hidden = false; }
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  }
  filters.addEventListener("change", later);
  filters.addEventListener("input", later);
  if (search) {
    search.addEventListener("input", later);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // Enter finds at once instead of sending the form
        event.preventDefault();
        window.clearTimeout(timer);
        refresh();
      }
    });
  }
})();
