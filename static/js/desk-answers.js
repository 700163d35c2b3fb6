// What the check-in desk shows from the list kept on this device (static/js/desk-offline.js decides when): the
// result of a scan, drawn as the server draws it (templates/registration/_scanner.html), and the name search's
// matches with a "Check in" button each. Every word comes from the page (#desk-offline, data-w-*); names and codes
// go in as text, never as markup.
// window.ForumOpsDeskAnswers = { fold, show, update, search }
(function () {
  "use strict";
  var root = document.getElementById("desk-offline");
  if (!root) { return; }
  var categories = JSON.parse(root.getAttribute("data-categories") || "{}");
  var SEARCH_LIMIT = parseInt(root.getAttribute("data-search-limit"), 10) || 50;
  var MARKS = { local: "…", checked_in: "✓", already: "!" };  // as the server's; anything else ✕
  var FOLD = { "đ": "d", "ð": "d", "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe" };

  function say(name) { return root.getAttribute("data-w-" + name) || ""; }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // as core.text.search_key: case, accents and tone marks ignored, so "nguyen" finds "Nguyễn"
  function fold(text) {
    return (text || "").toLowerCase().replace(/\p{Cf}/gu, "").normalize("NFKD").replace(/\p{M}/gu, "")
      .replace(/[đðłøßæœ]/g, function (ch) { return FOLD[ch]; }).split(/\s+/).filter(Boolean).join(" ");
  }

  // The result panel: kind "local" (recorded here, not sent), "checked_in", "already", "refused" or "unknown".
  function show(panel, kind, verdict, person, code, note, arrivalId) {
    var box = el("div", "checkin-result checkin-result-" + kind);
    if (arrivalId) { box.setAttribute("data-arrival", arrivalId); }
    var line = el("p", "checkin-verdict");
    var icon = el("span", "checkin-mark", MARKS[kind] || "✕");
    icon.setAttribute("aria-hidden", "true");
    line.appendChild(icon);
    line.appendChild(document.createTextNode(" "));
    line.appendChild(el("span", "checkin-verdict-text", verdict));
    box.appendChild(line);
    if (note) { box.appendChild(el("p", "checkin-note", note)); }
    if (person) {
      var name = el("p", "checkin-name", person.name);
      name.setAttribute("dir", "auto");
      box.appendChild(name);
      var facts = el("dl", "checkin-facts"), fact = el("div");
      fact.appendChild(el("dt", "", say("category")));
      fact.appendChild(el("dd", "", categories[person.category] || person.category));
      facts.appendChild(fact);
      box.appendChild(facts);
    } else {
      var entered = el("p", "", say("you-entered") + " ");
      entered.appendChild(el("code", "checkin-code", code));
      box.appendChild(entered);
    }
    panel.replaceChildren(box);
  }

  // A result already shown, once the server said what became of it.
  function update(box, kind, verdict) {
    box.className = "checkin-result checkin-result-" + kind;
    box.querySelector(".checkin-mark").textContent = MARKS[kind] || "✕";
    box.querySelector(".checkin-verdict-text").textContent = verdict;
  }

  // The name search's matches under its form, from `people` (code -> {code, name, category, key}); `pick(person)`
  // when a "Check in" button is pressed.
  function search(form, people, pick) {
    var words = fold(form.querySelector("input[name=q]").value).split(" ").filter(Boolean);
    var section = form.closest(".checkin-search");
    var old = section.querySelector("[data-local-matches]");
    Array.prototype.forEach.call(section.querySelectorAll(".checkin-matches, .checkin-search > p"), function (n) {
      n.remove();  // the server's answer to an earlier search
    });
    var box = el("div");
    box.setAttribute("data-local-matches", "");
    if (old) { old.replaceWith(box); } else { section.appendChild(box); }
    if (!words.length) { return; }
    var hits = [];
    people.forEach(function (p) {
      if (words.every(function (w) { return p.key.indexOf(w) >= 0; })) { hits.push(p); }
    });
    hits.sort(function (a, b) { return a.key < b.key ? -1 : a.key > b.key ? 1 : 0; });
    if (!hits.length) { box.appendChild(el("p", "", say("no-match"))); return; }
    var table = el("table", "table checkin-matches"), body = el("tbody"), head = el("tr");
    [say("name"), say("category"), ""].forEach(function (h) {
      head.appendChild(el("th", "", h)).setAttribute("scope", "col");
    });
    table.appendChild(el("thead")).appendChild(head);
    hits.slice(0, SEARCH_LIMIT).forEach(function (p) {
      var row = el("tr"), name = el("td"), button = el("button", "button button-small", say("check-in") + " ");
      name.appendChild(el("strong", "", p.name));
      name.setAttribute("dir", "auto");
      name.setAttribute("data-label", say("name"));
      row.appendChild(name);
      row.appendChild(el("td", "", categories[p.category] || p.category)).setAttribute("data-label", say("category"));
      button.type = "button";
      button.appendChild(el("span", "visually-hidden", p.name));
      button.addEventListener("click", function () { pick(p); });
      row.appendChild(el("td")).appendChild(button);
      body.appendChild(row);
    });
    table.appendChild(body);
    box.appendChild(table);
    if (hits.length > SEARCH_LIMIT) { box.appendChild(el("p", "meta", say("more"))); }
  }

  window.ForumOpsDeskAnswers = { fold: fold, show: show, update: update, search: search };
})();
