// Questions asked only on some answers of an earlier one (templates/registration/_question.html: data-shown-if names
// the earlier question's field, data-shown-values the answers that ask it). Each is shown or hidden as that answer
// changes, its fields disabled while hidden so nothing of it is sent, and the change is said in the form's polite
// live region (data-question-announcer). Without this script every question shows with its sentence "Only if you
// answered …", and the server keeps an answer only when its condition holds (registration/question_fields.py).
(function () {
  "use strict";
  var forms = [];
  Array.prototype.forEach.call(document.querySelectorAll("[data-shown-if]"), function (block) {
    var form = block.closest("form");
    if (form && forms.indexOf(form) < 0) { forms.push(form); }
  });

  function chosen(form, name) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (el.name !== name || el.disabled) { return false; }
      return el.type === "radio" || el.type === "checkbox" ? el.checked : true;
    }).map(function (el) { return el.value; });
  }

  function update(form, announce) {
    var said = [];
    // in the page's order: an earlier question is decided before the questions that depend on it
    Array.prototype.forEach.call(form.querySelectorAll("[data-shown-if]"), function (block) {
      var wanted = JSON.parse(block.getAttribute("data-shown-values") || "[]");
      var show = chosen(form, block.getAttribute("data-shown-if")).some(function (value) {
        return wanted.indexOf(value) >= 0;
      });
      if (show === !block.hidden) { return; }
      block.hidden = !show;
      Array.prototype.forEach.call(block.querySelectorAll("input, select, textarea"), function (el) {
        el.disabled = !show;
      });
      said.push({shown: show, label: block.getAttribute("data-label")});
    });
    var region = form.querySelector("[data-question-announcer]");
    if (announce && region && said.length) {
      region.textContent = said.map(function (change) {
        var text = region.getAttribute(change.shown ? "data-shown-text" : "data-hidden-text");
        return text.split("{question}").join(change.label);
      }).join(" ");
    }
  }

  forms.forEach(function (form) {
    update(form, false);
    form.addEventListener("change", function () { update(form, true); });
  });
})();
