// Files chosen for upload, checked in the browser before anything is sent (the server still decides by content).
//
// A file input with data-max-bytes (a registration question's file, templates/registration/_question.html): a
// file larger than that is named at its field at once (data-msg-too-large, "{name}" in it) and taken out of the
// input, so the form never sends it and comes back refused with the person's typing lost; the rest of the form
// stays as typed.
//
// The upload form (templates/documents/upload.html), enhanced: files dropped on it or chosen (several at once) are
// checked where the browser can tell (larger than the limit, over the forum's quota, an extension clearly not
// allowed), then each is sent in its own request with a progress bar, so a refused or cut-off file names itself
// and the others still arrive. The rest of the form stays as typed, and the list of what is already attached is
// read again once the files are sent. Without this script the form posts all its files at once and the page says
// what was refused.
(function () {
  "use strict";

  function fill(text, values) {
    Object.keys(values || {}).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
    return text;
  }
  function size(bytes) {
    var mb = bytes / (1024 * 1024);
    return mb >= 1 ? (Math.round(mb * 10) / 10) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  // --- a single file input with its own limit ---------------------------------------------------------------
  function describedBy(input, id, add) {
    var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (one) {
      return one && one !== id;
    });
    if (add) { ids.push(id); }
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); }
    else { input.removeAttribute("aria-describedby"); }
  }
  function sayAtField(input, text) {
    var field = input.closest(".field") || input.parentNode;
    var id = input.id + "-error";
    var shown = document.getElementById(id);
    if (!text) {  // only what this script said goes: the server's own message stays
      if (shown && shown.hasAttribute("data-size-error")) {
        shown.parentNode.removeChild(shown);
        field.classList.remove("field-error");
        input.removeAttribute("aria-invalid");
        describedBy(input, id, false);
      }
      return;
    }
    if (!shown) {
      shown = document.createElement("p");
      shown.className = "error-message";
      shown.id = id;
      input.parentNode.insertBefore(shown, input);
    }
    shown.setAttribute("data-size-error", "");
    shown.setAttribute("role", "alert");
    shown.textContent = text;
    field.classList.add("field-error");
    input.setAttribute("aria-invalid", "true");
    describedBy(input, id, true);
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[type=file][data-max-bytes]"), function (input) {
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      var tooLarge = file && file.size > Number(input.getAttribute("data-max-bytes"));
      sayAtField(input, tooLarge ? fill(input.getAttribute("data-msg-too-large"), {name: file.name}) : "");
      if (tooLarge) { input.value = ""; }  // never sent: the request would be refused whole
    });
  });

  // --- the documents' upload form --------------------------------------------------------------------------
  var form = document.querySelector("form[data-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var input = form.querySelector("input[type=file]");
  var zone = form.querySelector("[data-drop-zone]");
  var list = form.querySelector("[data-upload-list]");
  var maxFile = Number(form.getAttribute("data-max-file"));
  var quotaLeft = Number(form.getAttribute("data-quota-left"));
  var maxFiles = Number(form.getAttribute("data-max-files"));
  var extensions = form.getAttribute("data-extensions").split(" ");
  var chosen = [];

  function message(name, values) {
    return fill(form.getAttribute("data-msg-" + name), values);
  }
  function row(file) {
    var li = document.createElement("li");
    li.className = "upload-item";
    var name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name + " (" + size(file.size) + ")";
    var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    var state = document.createElement("span");
    state.className = "upload-state";
    li.appendChild(name); li.appendChild(bar); li.appendChild(state);
    list.appendChild(li);
    return {li: li, bar: bar, state: state};
  }
  function refuse(file, text) {
    var shown = row(file);
    shown.bar.hidden = true;
    shown.li.classList.add("upload-refused");
    shown.state.textContent = text;
  }
  function choose(files) {
    list.textContent = "";
    chosen = [];
    var total = 0;
    Array.prototype.forEach.call(files, function (file) {
      var dot = file.name.lastIndexOf(".");
      var extension = dot > 0 ? file.name.slice(dot).toLowerCase() : "";
      if (chosen.length >= maxFiles) { refuse(file, message("too-many")); }
      else if (file.size === 0) { refuse(file, message("empty", {name: file.name})); }
      else if (file.size > maxFile) { refuse(file, message("too-large", {name: file.name, max: size(maxFile)})); }
      else if (extension && extensions.indexOf(extension) < 0) { refuse(file, message("type", {name: file.name})); }
      else if (total + file.size > quotaLeft) {
        refuse(file, message("over-quota", {name: file.name, left: size(Math.max(0, quotaLeft - total))}));
      } else {
        total += file.size;
        chosen.push({file: file, shown: row(file)});
      }
    });
  }
  input.addEventListener("change", function () { choose(input.files); });

  if (zone) {
    var hint = zone.querySelector("[data-drop-hint]");
    if (hint) { hint.hidden = false; }
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add("drop-active"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("drop-active"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) { choose(event.dataTransfer.files); }
    });
  }

  function send(entry, several) {
    return new Promise(function (resolve) {
      var data = new FormData(form);
      data.delete(input.name);
      // one request per file: with several, each takes its own name as its title, as the plain form does
      if (several) { data.delete("title"); }
      data.append(input.name, entry.file, entry.file.name);
      var request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("action") || window.location.href);
      request.setRequestHeader("Accept", "application/json");
      entry.shown.state.textContent = message("sending");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { entry.shown.bar.value = Math.round(100 * event.loaded / event.total); }
      });
      request.addEventListener("load", function () {
        var answer = null;
        try { answer = JSON.parse(request.responseText); } catch (error) { answer = null; }
        var ok = request.status < 400 && answer && answer.added.length > 0;
        entry.shown.bar.value = ok ? 100 : entry.shown.bar.value;
        entry.shown.li.classList.add(ok ? "upload-done" : "upload-refused");
        entry.shown.state.textContent = ok ? message("done")
          : (answer && answer.refused.length ? answer.refused.join(" ") : message("cut", {name: entry.file.name}));
        resolve(ok);
      });
      ["error", "abort"].forEach(function (type) {
        request.addEventListener(type, function () {
          entry.shown.li.classList.add("upload-refused");
          entry.shown.state.textContent = message("cut", {name: entry.file.name});
          resolve(false);
        });
      });
      request.send(data);
    });
  }

  function refreshExisting() {
    var existing = document.querySelector("[data-existing]");
    if (!existing) { return; }
    fetch(window.location.href, {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-existing]");
        if (fresh) { existing.innerHTML = fresh.innerHTML; }
      });
  }

  form.addEventListener("submit", function (event) {
    if (!chosen.length) { return; }  // a link alone, or nothing: the plain form and its messages
    event.preventDefault();
    var button = form.querySelector("[type=submit]");
    button.disabled = true;
    var entries = chosen;
    chosen = [];
    entries.reduce(function (previous, entry) {
      return previous.then(function (results) {
        return send(entry, entries.length > 1).then(function (ok) { return results.concat([ok]); });
      });
    }, Promise.resolve([])).then(function (results) {
      button.disabled = false;
      input.value = "";
      var title = form.querySelector("[name=title]");
      if (title && results.every(Boolean)) { title.value = ""; }  // the next file is not given this one's title
      if (results.some(Boolean)) { refreshExisting(); }  // what arrived joins the list beside the form
    });
  });
}());
