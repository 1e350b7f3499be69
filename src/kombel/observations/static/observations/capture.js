// Kombel: the observer's capture sheet, working with no connection for a whole lesson.
// Every tap and note goes first into IndexedDB (ids made here, UUIDs), then to the API as an
// idempotent batch; the page says what waits to be sent. A service worker keeps the page and
// its files so that it reloads offline. A note's photo is made small here (canvas, 1280 px JPEG),
// kept in IndexedDB beside the note and sent after it (its own request, idempotent by the note's
// id); the record is submitted only once its photos are sent.
(function () {
  "use strict";
  var root = document.getElementById("capture");
  if (!root) return;
  document.documentElement.classList.add("js");
  var D = root.dataset, OBS = D.observation, CACHE = "kombel-capture-v2", PHOTO_PX = 1280;
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
  function putDurable(op) {
    // Resolved once the transaction is written: a full disk aborts it (QuotaExceededError)
    // after the request itself succeeded.
    return new Promise(function (resolve, reject) {
      var t = db.transaction("ops", "readwrite");
      t.objectStore("ops").put(op);
      t.oncomplete = function () { resolve(op); };
      t.onabort = t.onerror = function () { reject(t.error || new Error("abort")); };
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
    var photos = waiting.filter(function (o) { return o.kind === "photo"; }).length;
    var submit = waiting.some(function (o) { return o.kind === "submit"; });
    if (bad.length) setStatus(D.tRefused + " " + bad.length + " · " + (bad[0].message || ""), "refused");
    else if (notes || scores || photos) setStatus(D.tWaiting + " " + notes + " " + D.tNotes + ", " + scores + " " + D.tScores + (photos ? ", " + photos + " " + D.tPhotos : "") + (navigator.onLine ? "" : " · " + D.tOffline), "waiting");
    else if (submit) setStatus(D.tSubmitWaiting, "waiting");
    else setStatus(D.tSent, "");
    document.querySelectorAll("#notes li[data-id]").forEach(function (li) {
      var op = ops.filter(function (o) { return o.id === li.dataset.id && o.kind === "note"; })[0];
      var photo = ops.filter(function (o) { return o.id === li.dataset.id && o.kind === "photo"; })[0];
      if (photo && !li.querySelector(".photo-mark")) {
        var mark = document.createElement("span");
        mark.className = "photo-mark";
        mark.textContent = " [" + D.tPhoto + "]";
        li.appendChild(mark);
      }
      if (photo) li.querySelector(".photo-mark").classList.toggle("pending", !photo.sent && !photo.refused);
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

  function isWaiting(o) { return !o.sent && !o.refused; }

  function sync() {
    if (syncing || !db) return Promise.resolve();
    syncing = true;
    return all().then(function (ops) {
      var waiting = ops.filter(isWaiting);
      if (!waiting.length) { showPending(ops); return null; }
      setStatus(D.tSending, "waiting");
      // Notes and scores first, then the photos of notes the server holds, and the record is
      // submitted only when no photo waits (a submitted record takes no more).
      var photosWait = waiting.some(function (o) { return o.kind === "photo"; });
      var batch = waiting.filter(function (o) {
        return o.kind === "note" || o.kind === "score" || (o.kind === "submit" && !photosWait);
      });
      return sendBatch(batch).then(function (ok) {
        if (!ok) return null;
        return sendPhotos().then(function () {
          if (!photosWait) return null;
          return all().then(function (now) {
            var left = now.filter(isWaiting);
            var submit = left.filter(function (o) { return o.kind === "submit"; });
            if (submit.length && !left.some(function (o) { return o.kind === "photo"; })) return sendBatch(submit);
            return null;
          });
        });
      });
    }).catch(function () { /* offline: everything stays waiting */ })
      .then(function () { syncing = false; return refresh(); });
  }

  function sendBatch(waiting) {
    // Resolves true when the server took the batch (or there was nothing to send).
    if (!waiting.length) return Promise.resolve(true);
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
              return true;
            });
        });
      }
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 409 || response.status === 422) {
          refused = true;
          return Promise.all(waiting.map(function (o) { o.refused = true; o.message = data.detail || ""; return put(o); }))
            .then(function () { return false; });
        }
        return false; // 5xx, 403 after logout...: try again later
      });
    });
  }

  function sendPhotos() {
    // One request per photo, after its note reached the server; a photo once sent leaves the
    // phone's storage (the server keeps the first it gets for a note).
    return all().then(function (ops) {
      var notes = {};
      ops.forEach(function (o) { if (o.kind === "note") notes[o.id] = o; });
      return ops.filter(function (o) { return o.kind === "photo" && isWaiting(o); }).reduce(function (chain, op) {
        return chain.then(function () {
          var note = notes[op.id];
          if (note && note.refused) { op.refused = true; op.message = note.message; return put(op); }
          if (note && !note.sent) return null; // the note goes first
          if (!op.buf) { op.sent = true; return put(op); } // sent before: nothing left to send
          var form = new FormData();
          form.append("photo", new Blob([op.buf], { type: "image/jpeg" }), "photo.jpg");
          return fetch(D.photoApi.replace("NOTE", op.id), {
            method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": D.csrf }, body: form
          }).then(function (response) {
            if (response.ok) { op.sent = true; op.buf = null; return put(op); }
            return response.json().catch(function () { return {}; }).then(function (data) {
              if (response.status === 404 && note) { note.sent = false; return put(note); } // the server lacks the note: send it again
              if (response.status === 409 || response.status === 422) {
                op.refused = true; op.message = data.detail || D.tPhotoUnreadable; return put(op);
              }
              return null; // try again later
            });
          });
        });
      }, Promise.resolve());
    });
  }

  function downscale(file) {
    // A JPEG at most PHOTO_PX on its longer side; drawing on a canvas leaves the camera's
    // metadata (EXIF, GPS) behind. createImageBitmap turns it upright by its EXIF.
    if (!window.createImageBitmap) return Promise.reject(new Error("no createImageBitmap"));
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, PHOTO_PX / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      if (bitmap.close) bitmap.close();
      return new Promise(function (resolve, reject) {
        canvas.toBlob(function (blob) { if (blob) resolve(blob); else reject(new Error("toBlob")); }, "image/jpeg", 0.82);
      });
    }).then(function (blob) {
      return blob.arrayBuffer ? blob.arrayBuffer() : new Response(blob).arrayBuffer();
    });
  }

  function keepPhoto(note, file) {
    // The note is already kept; its photo is added when it can be. Never loses the note.
    var warn = document.getElementById("photo-status");
    function say(text) { warn.textContent = text; warn.hidden = false; }
    return downscale(file).then(function (buf) {
      return putDurable({ key: "photo:" + note.id, obs: OBS, kind: "photo", id: note.id, buf: buf, sent: false, rev: "1" })
        .catch(function () { say(D.tPhotoLost); });
    }, function () { say(D.tPhotoUnreadable); });
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
        var photoInput = document.getElementById("note-photo");
        var file = photoInput && photoInput.files && photoInput.files[0];
        if (!text.value.trim()) { text.focus(); return; }
        document.getElementById("photo-status").hidden = true;
        var op = {
          key: "note:" + uuid(), obs: OBS, kind: "note", taken_at: new Date().toISOString(),
          text: text.value.trim(), student: document.getElementById("note-student").value.trim(),
          group: document.getElementById("note-group").value.trim(), sent: false, rev: "1"
        };
        op.id = op.key.slice(5);
        put(op).then(function () {
          renderNote(op); text.value = "";
          if (photoInput) photoInput.value = "";
          return file ? keepPhoto(op, file) : null;
        }).then(refresh).then(sync);
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
