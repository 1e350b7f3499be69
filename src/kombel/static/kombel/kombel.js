// Kombel: keeps half-filled forms across dropped connections (localStorage) and makes every
// tap-to-save control end in the state the person last chose. Nothing else inline.
(function () {
  "use strict";

  // ---- Drafts -------------------------------------------------------------------------------
  // A draft is kept per form (its action's path and its data-autosave name). On submit the form
  // carries a fresh token in `_draft`; the server answers a successful save by naming that token
  // in the `kombel_saved` cookie of the form's own response (core.middleware.DraftMiddleware),
  // and the draft is dropped as soon as the next page loads, before any form is restored. A
  // submission that never got its confirmation (offline, server error, invalid) keeps its draft.
  var PENDING = "kombel-drafts-pending";
  var SAVED_COOKIE = "kombel_saved";

  function key(form) {
    var path = new URL(form.getAttribute("action") || location.href, location.href).pathname;
    return "kombel-draft:" + path + ":" + form.dataset.autosave;
  }
  function readJSON(name) {
    try { return JSON.parse(localStorage.getItem(name) || "{}") || {}; } catch (e) { return {}; }
  }
  function writeJSON(name, value) {
    try { localStorage.setItem(name, JSON.stringify(value)); } catch (e) { /* storage full or disabled */ }
  }
  function save(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "password" || el.type === "file" || el.type === "hidden") return;
      if (el.type === "checkbox" || el.type === "radio") { if (el.checked) (data[el.name] = data[el.name] || []).push(el.value); }
      else if (el.multiple) { data[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; }); }
      else data[el.name] = el.value;
    });
    writeJSON(key(form), data);
  }
  function discard(form) {
    try { localStorage.removeItem(key(form)); } catch (e) { /* ignore */ }
  }
  function restore(form) {
    var raw; try { raw = localStorage.getItem(key(form)); } catch (e) { return false; }
    if (!raw) return false;
    var data; try { data = JSON.parse(raw); } catch (e) { return false; }
    var restored = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.type === "hidden" || el.type === "file") return;
      var v = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") { el.checked = v.indexOf(el.value) !== -1; }
      else if (el.multiple) { Array.prototype.forEach.call(el.options, function (o) { o.selected = v.indexOf(o.value) !== -1; }); }
      else if (el.value !== v) { el.value = v; }
      restored = true;
    });
    if (restored && form.dataset.restoredText) {
      var note = document.createElement("p");
      note.className = "draft-note";
      note.setAttribute("role", "status");
      note.textContent = form.dataset.restoredText + " ";
      if (form.dataset.discardText) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "link draft-discard";
        button.textContent = form.dataset.discardText;
        button.addEventListener("click", function () { discard(form); forgetPending(form); form.reset(); note.remove(); });
        note.appendChild(button);
      }
      form.prepend(note);
    }
    return restored;
  }
  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf(name + "=") === 0; })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }
  function dropConfirmedDrafts() {
    var saved = cookie(SAVED_COOKIE);
    if (!saved) return;
    var pending = readJSON(PENDING);
    saved.split(/[ ,]+/).forEach(function (token) {
      if (pending[token]) { try { localStorage.removeItem(pending[token]); } catch (e) { /* ignore */ } delete pending[token]; }
    });
    writeJSON(PENDING, pending);
    document.cookie = SAVED_COOKIE + "=; Max-Age=0; path=/; SameSite=Lax";
  }
  function token() {
    var a = new Uint32Array(3); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (n) { return n.toString(36); }).join("");
  }
  function pendingToken(form) {
    // The token of this form's last submission that got no answer (its draft is still kept).
    var pending = readJSON(PENDING), found = "";
    Object.keys(pending).forEach(function (t) { if (pending[t] === key(form)) found = t; });
    return found;
  }
  function forgetPending(form) {
    var pending = readJSON(PENDING);
    Object.keys(pending).forEach(function (t) { if (pending[t] === key(form)) delete pending[t]; });
    writeJSON(PENDING, pending);
  }
  function watchDraft(form) {
    // One submission, one token: sent again unchanged (a double tap, a draft restored after a
    // send that got no answer) the form keeps its token, and the server saves it only once
    // (core.middleware.DraftMiddleware). Any change makes it a new submission.
    var sent = "", sentWith = "";
    // A form re-rendered with server errors holds the newest input: keep it, not the draft.
    if (!form.querySelector(".error") && restore(form)) sent = pendingToken(form);
    form.addEventListener("input", function () {
      save(form);
      if (sent) { forgetPending(form); sent = ""; }
    });
    form.addEventListener("submit", function (event) {
      save(form);
      var button = event.submitter, how = button && button.name ? button.name + "=" + button.value : "";
      var again = sent && how === sentWith && pendingToken(form) === sent;
      var t = again ? sent : token(), field = form.querySelector("input[name=_draft]");
      sent = t; sentWith = how;
      if (!field) { field = document.createElement("input"); field.type = "hidden"; field.name = "_draft"; form.appendChild(field); }
      field.value = t;
      var pending = readJSON(PENDING); pending[t] = key(form); writeJSON(PENDING, pending);
    });
  }

  // ---- Tap-to-save controls -----------------------------------------------------------------
  // A form[data-tap] (one row of a register) posts the tapped button's value. Per control: the
  // tap shows at once, one request at a time, the newest intent is sent after the one in flight
  // (whose answer is then ignored), and only the answer to the newest intent replaces the row.
  // A failed save says so in the row with a retry; leaving the page with unsaved taps asks first.
  var controls = {};

  function controlOf(form) {
    var id = form.dataset.tap;
    if (!controls[id]) controls[id] = { want: null, sent: null, inflight: false, failed: false, seq: 0 };
    return controls[id];
  }
  function currentForm(id) { return document.querySelector("form[data-tap='" + id + "']"); }
  function show(form, value, state) {
    form.querySelectorAll("button[name=status]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.value === value ? "true" : "false");
    });
    var row = form.closest("li");
    row.classList.toggle("saving", state === "saving");
    row.classList.toggle("failed", state === "failed");
    var note = form.querySelector(".tap-state");
    if (!note) { note = document.createElement("p"); note.className = "tap-state"; note.setAttribute("role", "status"); form.appendChild(note); }
    note.textContent = "";
    if (state === "saving") note.textContent = form.dataset.savingText || "";
    if (state === "failed") {
      note.className = "tap-state error";
      note.textContent = (form.dataset.failedText || "") + " ";
      var retry = document.createElement("button");
      retry.type = "button"; retry.className = "btn small tap-retry"; retry.textContent = form.dataset.retryText || "↻";
      retry.addEventListener("click", function () { send(form.dataset.tap); });
      note.appendChild(retry);
    } else { note.className = "tap-state muted small"; }
  }
  function send(id) {
    var c = controls[id], form = currentForm(id);
    if (!c || !form || c.inflight) return;
    var value = c.want, body = new FormData(form), seq = ++c.seq;
    body.set("status", value);
    c.inflight = true; c.sent = value; c.failed = false;
    show(form, value, "saving");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": csrf ? csrf.value : "", "X-Tap-Seq": String(seq) }
    }).then(function (response) {
      // A redirect (to the login page, when the session ended) is no saved tap either.
      if (!response.ok || response.redirected) throw new Error("HTTP " + response.status);
      return response.text();
    }).then(function (html) {
      c.inflight = false;
      if (c.want !== value) { send(id); return; } // a newer tap is waiting: this answer is stale
      var target = currentForm(id);
      if (!target) return;
      var holder = document.createElement("template");
      holder.innerHTML = html.trim();
      var row = holder.content.firstElementChild, current = target.closest("li");
      if (!row || row.id !== current.id) throw new Error("not this row's answer");
      current.replaceWith(row); bindTaps(row);
    }).catch(function () {
      c.inflight = false;
      if (c.want !== value) { send(id); return; }
      c.failed = true;
      var target = currentForm(id);
      if (target) show(target, value, "failed");
    });
  }
  function bindTaps(root) {
    root.querySelectorAll("form[data-tap]").forEach(function (form) {
      if (form.dataset.tapBound) return;
      form.dataset.tapBound = "1";
      form.addEventListener("submit", function (event) {
        var button = event.submitter;
        if (!button || button.name !== "status" || !window.fetch) return; // plain form post
        event.preventDefault();
        var c = controlOf(form);
        c.want = button.value;
        show(form, c.want, "saving");
        send(form.dataset.tap);
      });
    });
  }
  function unsavedTaps() {
    return Object.keys(controls).some(function (id) { var c = controls[id]; return c.inflight || c.failed; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    dropConfirmedDrafts();
    document.querySelectorAll("form[data-autosave]").forEach(watchDraft);
    bindTaps(document);
    window.addEventListener("beforeunload", function (event) {
      if (unsavedTaps()) { event.preventDefault(); event.returnValue = ""; }
    });
  });
})();
