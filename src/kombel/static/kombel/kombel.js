// Kombel: keeps half-filled forms across dropped connections (localStorage), nothing else inline.
(function () {
  "use strict";
  function key(form) { return "kombel-draft:" + location.pathname + ":" + form.dataset.autosave; }
  function save(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "password" || el.type === "file" || el.type === "hidden") return;
      if (el.type === "checkbox" || el.type === "radio") { if (el.checked) (data[el.name] = data[el.name] || []).push(el.value); }
      else if (el.multiple) { data[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; }); }
      else data[el.name] = el.value;
    });
    try { localStorage.setItem(key(form), JSON.stringify(data)); } catch (e) { /* storage full or disabled */ }
  }
  function restore(form) {
    var raw; try { raw = localStorage.getItem(key(form)); } catch (e) { return; }
    if (!raw) return;
    var data = JSON.parse(raw), restored = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.type === "hidden" || el.type === "file") return;
      var v = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") { el.checked = v.indexOf(el.value) !== -1; }
      else if (el.multiple) { Array.prototype.forEach.call(el.options, function (o) { o.selected = v.indexOf(o.value) !== -1; }); }
      else if (!el.value || el.value !== v) { el.value = v; }
      restored = true;
    });
    if (restored && form.dataset.restoredText) {
      var note = document.createElement("p"); note.className = "draft-note"; note.textContent = form.dataset.restoredText; form.prepend(note);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(function (form) {
      // A form re-rendered with server errors holds the newest input: keep it, not the draft.
      if (!form.querySelector(".error")) restore(form);
      form.addEventListener("input", function () { save(form); });
      // The draft is dropped only once the server confirms the save (a success message on the
      // next page), never on submit: a submission lost to a dropped connection keeps its draft.
      form.addEventListener("submit", function () { try { sessionStorage.setItem("kombel-pending", key(form)); } catch (e) { /* ignore */ } });
    });
    try {
      var pending = sessionStorage.getItem("kombel-pending");
      if (pending && document.querySelector(".msg-success")) { localStorage.removeItem(pending); sessionStorage.removeItem("kombel-pending"); }
    } catch (e) { /* storage disabled */ }
  });
})();
