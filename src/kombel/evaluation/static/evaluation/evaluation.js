// evaluation: answers saved on the server as they are given (and kept in the browser while the
// connection is down); selecting a passage to code fills in its offsets in code points.
(function () {
  "use strict";
  function answering(form) {
    var status = document.getElementById("save-status");
    var pending = {};
    var timer = null;
    function show(kind) {
      if (!status) return;
      status.textContent = status.dataset[kind] || "";
      status.classList.toggle("pending", kind !== "saved");
    }
    function count() {
      var names = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === "hidden" || el.name === "action") return;
        if ((el.type === "radio" && el.checked) || (el.tagName === "TEXTAREA" && el.value.trim())) names[el.name] = true;
      });
      var out = document.getElementById("answered-count");
      if (out) out.textContent = Object.keys(names).length;
    }
    function flush() {
      var names = Object.keys(pending);
      if (!names.length) return;
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("action", "autosave");
      names.forEach(function (n) { data.append(n, pending[n]); });
      show("saving");
      fetch(form.action || location.href, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (r) {
          if (r.ok) { names.forEach(function (n) { if (pending[n] === data.get(n)) delete pending[n]; }); show("saved"); }
          else { show("failed"); }
        })
        .catch(function () { show("offline"); });
    }
    function note(el) {
      if (!el.name || el.type === "hidden" || el.name === "action") return;
      if (el.type === "radio" && !el.checked) return;
      pending[el.name] = el.value;
      count();
      clearTimeout(timer);
      timer = setTimeout(flush, el.tagName === "TEXTAREA" ? 1200 : 150);
    }
    form.addEventListener("change", function (e) { note(e.target); });
    form.addEventListener("input", function (e) { if (e.target.tagName === "TEXTAREA") note(e.target); });
    window.addEventListener("online", flush);
    // kombel.js restored an unsent draft from this browser: send it to the server too.
    if (form.querySelector(".draft-note")) {
      Array.prototype.forEach.call(form.elements, function (el) {
        if ((el.type === "radio" && el.checked) || (el.tagName === "TEXTAREA" && el.value)) note(el);
      });
    }
    count();
  }
  function codePoints(text) { return Array.from(text).length; }
  function coding(box) {
    var form = document.getElementById("coding-form");
    if (!form) return;
    document.addEventListener("selectionchange", function () {
      var sel = document.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      var range = sel.getRangeAt(0);
      if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return;
      var before = document.createRange();
      before.setStart(box, 0);
      before.setEnd(range.startContainer, range.startOffset);
      var start = codePoints(before.toString());
      var passage = range.toString();
      form.querySelector("[name=passage]").value = passage;
      form.querySelector("[name=start]").value = start;
      form.querySelector("[name=end]").value = start + codePoints(passage);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("answer-form");
    if (form) answering(form);
    var box = document.getElementById("doc-text");
    if (box) coding(box);
  });
})();
