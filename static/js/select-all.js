// "Select all" for a list of ticks: one checkbox ticks or clears every box of the same form
// (those named by its data-select-all), and shows "mixed" when only some are ticked. The box (or its
// label) is hidden in the page and shown here, since without this script it would do nothing: the rows
// can still be ticked one by one.
(function () {
  "use strict";
  var all = document.querySelectorAll("input[data-select-all]");
  Array.prototype.forEach.call(all, function (box) {
    var form = box.form;
    if (!form) { return; }
    var name = box.getAttribute("data-select-all");
    function rows() {
      return Array.prototype.filter.call(form.elements, function (el) {
        return el !== box && el.type === "checkbox" && el.name === name;
      });
    }
    function sync() {
      var boxes = rows();
      var ticked = boxes.filter(function (el) { return el.checked; }).length;
      box.checked = ticked > 0 && ticked === boxes.length;
      box.indeterminate = ticked > 0 && ticked < boxes.length;
    }
    box.addEventListener("change", function () {
      var value = box.checked;
      rows().forEach(function (el) { el.checked = value; });
      sync();
    });
    form.addEventListener("change", function (event) {
      if (event.target !== box && event.target.name === name) { sync(); }
    });
    (box.closest("[hidden]") || box).hidden = false;
    sync();
  });
})();
