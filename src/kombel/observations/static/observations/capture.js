// Kombel: the observer's capture sheet, working with no connection for a whole lesson.
// Every tap and note goes first into IndexedDB (ids made here, UUIDs), then to the API as an
// idempotent batch; the page says what waits to be sent. A service worker keeps the page and
// its files so that it reloads offline.
(function () {
  "use strict";
  var root = document.getElementById("capture");
  if (!root) return;
  document.documentElement.classList.add("js");
  var D = root.dataset, OBS = D.observation, CACHE = "kombel-capture-v1";
  var db = null, syncing = false, refused = false, dirtyTimer = null;
  var status = document.getElementById("sync-status");

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open("kombel-capture", 1);
      req.onupgradeneeded = function () {
        var store = req.result.createObjectStore("ops", { keyPath: "key" });
        store.createIndex("obs", "obs");
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function tx(mode) { return db.transaction("ops", mode).objectStore("ops"); }
  function put(op) {
    return new Promise(function (resolve, reject) {
      var r = tx("readwrite").put(op); r.onsuccess = function () { resolve(op); }; r.onerror = function () { reject(r.error); };
    });
  }
  function all() {
    return new Promise(function (resolve, reject) {
      var r = tx("readonly").index("obs").getAll(OBS);
      r.onsuccess = function () { resolve(r.result || []); }; r.onerror = function () { reject(r.error); };
    });
  }

  function setStatus(text, cls) { status.textContent = text; status.className = "sync-status " + (cls || ""); }
  function showPending(ops) {
    var waiting = ops.filter(function (o) { return !o.sent && !o.refused; });
    var bad = ops.filter(function (o) { return o.refused; });
    var notes = waiting.filter(function (o) { return o.kind === "note"; }).length;
    var scores = waiting.filter(function (o) { return o.kind === "score"; }).length;
    var submit = waiting.some(function (o) { return o.kind === "submit"; });
    if (bad.length) setStatus(D.tRefused + " " + bad.length + " · " + (bad[0].message || ""), "refused");
    else if (notes || scores) setStatus(D.tWaiting + " " + notes + " " + D.tNotes + ", " + scores + " " + D.tScores + (navigator.onLine ? "" : " · " + D.tOffline), "waiting");
    else if (submit) setStatus(D.tSubmitWaiting, "waiting");
    else setStatus(D.tSent, "");
    document.querySelectorAll("#notes li[data-id]").forEach(function (li) {
      var op = ops.filter(function (o) { return o.id === li.dataset.id; })[0];
      li.classList.toggle("pending", !!op && !op.sent && !op.refused);
      li.classList.toggle("refused", !!op && !!op.refused);
    });
  }
  function refresh() { return all().then(showPending); }

  function renderNote(op) {
    var list = document.getElementById("notes");
    if (list.querySelector('li[data-id="' + op.id + '"]')) return;
    var li = document.createElement("li");
    li.dataset.id = op.id;
    var t = new Date(op.taken_at), time = document.createElement("span");
    time.className = "muted";
    time.textContent = ("0" + t.getHours()).slice(-2) + ":" + ("0" + t.getMinutes()).slice(-2);
    li.appendChild(time);
    var who = [op.student, op.group].filter(Boolean).join(" · ");
    li.appendChild(document.createTextNode((who ? " · " + who : "") + ": " + op.text));
    list.appendChild(li);
  }

  function scoreOp(box) {
    var item = box.dataset.item, kind = box.dataset.kind;
    var checked = box.querySelector("input[type=radio]:checked");
    var answer = box.querySelector('textarea[name="item_' + item + '"]');
    var evidence = box.querySelector('textarea[name="note_' + item + '"]');
    return {
      key: "score:" + OBS + ":" + item, obs: OBS, kind: "score", item_id: item,
      value: kind === "text" ? null : (checked ? parseInt(checked.value, 10) : null),
      text: kind === "text" && answer ? answer.value : "",
      note: evidence ? evidence.value : "",
      captured_at: new Date().toISOString(), sent: false, rev: uuid()
    };
  }

  function applyScores(ops) {
    // What this phone captured but the server has not confirmed wins over the page's copy
    // (the page may come from the cache of an earlier load).
    ops.forEach(function (op) {
      if (op.kind === "note") { renderNote(op); return; }
      if (op.kind !== "score" || op.sent) return;
      var box = root.querySelector('.capture-item[data-item="' + op.item_id + '"]');
      if (!box) return;
      if (op.value !== null) {
        var radio = box.querySelector('input[type=radio][value="' + op.value + '"]');
        if (radio) radio.checked = true;
      }
      var answer = box.querySelector('textarea[name="item_' + op.item_id + '"]');
      if (answer && op.text) answer.value = op.text;
      var evidence = box.querySelector('textarea[name="note_' + op.item_id + '"]');
      if (evidence && op.note) evidence.value = op.note;
    });
  }

  function sync() {
    if (syncing || !db) return Promise.resolve();
    syncing = true;
    return all().then(function (ops) {
      var waiting = ops.filter(function (o) { return !o.sent && !o.refused; });
      if (!waiting.length) { showPending(ops); return null; }
      setStatus(D.tSending, "waiting");
      var body = {
        notes: waiting.filter(function (o) { return o.kind === "note"; }).map(function (o) {
          return { id: o.id, taken_at: o.taken_at, text: o.text, student: o.student, group: o.group };
        }),
        scores: waiting.filter(function (o) { return o.kind === "score"; }).map(function (o) {
          return { item_id: o.item_id, value: o.value, text: o.text, note: o.note, captured_at: o.captured_at };
        }),
        submit: waiting.some(function (o) { return o.kind === "submit"; })
      };
      return fetch(D.api, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": D.csrf },
        body: JSON.stringify(body)
      }).then(function (response) {
        if (response.ok) {
          return all().then(function (now) {
            // Mark sent only what is unchanged since it was read: a tap made during the request
            // stays waiting for the next batch.
            var revs = {};
            waiting.forEach(function (o) { revs[o.key] = o.rev; });
            return Promise.all(now.filter(function (o) { return o.key in revs && o.rev === revs[o.key]; })
              .map(function (o) { o.sent = true; return put(o); })).then(function () {
                if (body.submit) { window.location.assign(D.done); }
              });
          });
        }
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.status === 409 || response.status === 422) {
            refused = true;
            return Promise.all(waiting.map(function (o) { o.refused = true; o.message = data.detail || ""; return put(o); }));
          }
          return null; // 5xx, 403 after logout...: try again later
        });
      });
    }).catch(function () { /* offline: everything stays waiting */ })
      .then(function () { syncing = false; return refresh(); });
  }

  function changed(box) {
    var op = scoreOp(box);
    put(op).then(refresh).then(function () {
      clearTimeout(dirtyTimer); dirtyTimer = setTimeout(sync, 400);
    });
  }

  function clock() {
    var el = document.getElementById("clock"), start = D.start ? new Date(D.start) : null;
    function tick() {
      var now = new Date(), text = ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
      if (start && now >= start) {
        var m = Math.floor((now - start) / 60000);
        if (m < 600) text += " · " + m + "′";
      }
      el.textContent = text;
    }
    tick(); setInterval(tick, 15000);
  }

  function cachePage() {
    if (!("caches" in window)) return;
    var urls = [location.pathname];
    document.querySelectorAll("link[rel=stylesheet], script[src], link[rel=manifest]").forEach(function (el) {
      urls.push(el.getAttribute("href") || el.getAttribute("src"));
    });
    caches.open(CACHE).then(function (c) { return c.addAll(urls); }).catch(function () { /* offline */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    clock();
    if ("serviceWorker" in navigator && D.sw) {
      navigator.serviceWorker.register(D.sw, { scope: D.scope }).catch(function () { /* not supported */ });
    }
    if (navigator.onLine) cachePage();
    if (!window.indexedDB) return;
    openDb().then(function (opened) {
      db = opened;
      return all();
    }).then(function (ops) {
      applyScores(ops); showPending(ops);
      if (D.closed === "1") return;
      root.querySelectorAll(".capture-item").forEach(function (box) {
        box.addEventListener("change", function () { changed(box); });
        box.addEventListener("input", function (e) { if (e.target.tagName === "TEXTAREA") changed(box); });
      });
      var add = document.getElementById("note-add");
      if (add) add.addEventListener("click", function () {
        var text = document.getElementById("note-text");
        if (!text.value.trim()) { text.focus(); return; }
        var op = {
          key: "note:" + uuid(), obs: OBS, kind: "note", taken_at: new Date().toISOString(),
          text: text.value.trim(), student: document.getElementById("note-student").value.trim(),
          group: document.getElementById("note-group").value.trim(), sent: false, rev: "1"
        };
        op.id = op.key.slice(5);
        put(op).then(function () { renderNote(op); text.value = ""; return refresh(); }).then(sync);
      });
      var form = document.getElementById("capture-form");
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var submitter = e.submitter;
        if (submitter && submitter.name === "submit") {
          put({ key: "submit:" + OBS, obs: OBS, kind: "submit", sent: false, rev: "1" }).then(refresh).then(sync);
        } else { sync(); }
      });
      return sync();
    });
    window.addEventListener("online", function () { if (!refused) sync(); });
    window.addEventListener("offline", refresh);
    setInterval(function () { if (navigator.onLine) sync(); }, 20000);
  });
})();
