// Entries saved on this phone without a connection, kept in IndexedDB until the server has them.
// Shared by the pages (static/js/offline.js) and the service worker (Background Sync), so it uses
// only what both have: indexedDB, fetch and promises. Each entry carries its own id (client_id),
// the moment of the tap and the account it belongs to; the server saves an id once, however often
// it arrives, and refuses an entry made for another account.
(function (scope) {
  "use strict";

  var DB_NAME = "spasm-diary";
  var DB_VERSION = 1;
  var QUEUE = "queue";   // entries waiting to be sent, keyed by their client_id
  var META = "meta";     // {key: "user", value: the id of the account signed in on this device}

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(QUEUE, { keyPath: "id" });
        request.result.createObjectStore(META, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // Run one request in its own transaction and resolve with its result once it is committed.
  function run(storeName, mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode);
        var request = work(tx.objectStore(storeName));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() { return run(QUEUE, "readonly", function (s) { return s.getAll(); }); }
  function forUser(user) {
    return all().then(function (entries) {
      return entries.filter(function (e) { return e.user === user; })
        .sort(function (a, b) { return a.tappedAt < b.tappedAt ? -1 : 1; });
    });
  }

  // A new id for an entry: the browser's own where it has one (secure pages), random bytes otherwise.
  function newId() {
    if (scope.crypto && scope.crypto.randomUUID) { return scope.crypto.randomUUID(); }
    var bytes = scope.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // Send one entry. Resolves with {state, data}: "saved" (drop it), "refused" (the server will never
  // take it as it is: keep it to show), "other_account", "signed_out" or "waiting" (try again later).
  function send(entry, csrfToken, interactive) {
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.set("client_id", entry.id);
    body.set("tapped_at", entry.tappedAt);
    // Measured on the same clock as tapped_at: the server corrects for a phone clock that is wrong.
    body.set("sent_at", new Date().toISOString());
    body.set("queued_for", entry.user);
    return scope.fetch(entry.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Diary-Queue": "1", "X-Diary-Interactive": interactive ? "1" : "0", "X-CSRFToken": csrfToken || entry.csrf }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0) {
        // The log-in page (the session ended), a refused CSRF token, a server error: keep it.
        var signedOut = response.redirected && response.url.indexOf("/accounts/login/") >= 0;
        return { state: signedOut ? "signed_out" : "waiting", data: null };
      }
      return response.json().then(function (data) {
        if (data.ok) { return { state: "saved", data: data }; }
        if (data.reason === "other_account") { return { state: "other_account", data: data }; }
        return { state: "refused", data: data };
      });
    }, function () {
      return { state: "waiting", data: null };  // no connection, or the server is down
    });
  }

  // Send every waiting entry of `user`, oldest first. Resolves with a count per state.
  function flush(user, csrfToken) {
    var counts = { saved: 0, refused: 0, waiting: 0, other_account: 0, signed_out: 0 };
    return forUser(user).then(function (entries) {
      var chain = Promise.resolve();
      entries.forEach(function (entry) {
        if (entry.state === "refused") { counts.refused += 1; return; }
        chain = chain.then(function () {
          return send(entry, csrfToken).then(function (result) {
            counts[result.state] += 1;
            if (result.state === "saved") { return queue.remove(entry.id); }
            if (result.state === "refused") {
              entry.state = "refused";
              entry.errors = result.data.errors || {};
              return queue.put(entry);
            }
          });
        });
      });
      return chain;
    }).then(function () { return counts; });
  }

  var queue = {
    newId: newId,
    all: all,
    forUser: forUser,
    put: function (entry) { return run(QUEUE, "readwrite", function (s) { return s.put(entry); }); },
    remove: function (id) { return run(QUEUE, "readwrite", function (s) { return s.delete(id); }); },
    clear: function () { return run(QUEUE, "readwrite", function (s) { return s.clear(); }); },
    currentUser: function () {
      return run(META, "readonly", function (s) { return s.get("user"); }).then(function (row) { return row ? row.value : ""; });
    },
    setCurrentUser: function (user) {
      return run(META, "readwrite", function (s) { return s.put({ key: "user", value: user }); });
    },
    send: send,
    flush: flush,
    SYNC_TAG: "send-diary-queue"
  };
  scope.diaryQueue = queue;
})(self);
