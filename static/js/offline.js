// Offline use: registers the service worker, saves the quick log and check-in on this phone when
// there is no connection (static/js/queue.js), sends them when it returns (on the next page, the
// `online` event, and Background Sync where the browser has it), and clears the phone's copy of
// the diary on log-out. Without this file every form still posts as usual.
(function () {
  "use strict";

  var script = document.currentScript;
  var queue = window.diaryQueue;
  var user = script.getAttribute("data-user") || "";
  var logoutUrl = script.getAttribute("data-logout-url");
  // Named as Django's JavaScript catalogue names them, so makemessages -d djangojs finds the strings.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var fmt = window.interpolate || function (text, values) { return text.replace("%s", values[0]); };

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(script.getAttribute("data-worker"), { scope: "/" }).catch(function () {});
  }
  if (!queue || !window.indexedDB || !window.fetch) { return; }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // The kept copies of the quick log and check-in belong to one account: drop them when it changes.
  function forgetPages() {
    if (!window.caches) { return Promise.resolve(); }
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf("diary-pages-") === 0; })
        .map(function (n) { return caches.delete(n); }));
    });
  }
  queue.currentUser().then(function (previous) {
    if (previous !== user) {
      return forgetPages().then(function () { return queue.setCurrentUser(user); });
    }
  }).catch(function () {});

  // --- the notice above the page: what is still on this phone ---------------------------------
  var notice = document.createElement("div");
  notice.className = "alert alert-info offline-notice";
  notice.setAttribute("role", "status");
  notice.hidden = true;
  var main = document.getElementById("main");
  if (main) { main.insertBefore(notice, main.firstChild); }

  function fieldErrors(errors) {
    var texts = [];
    Object.keys(errors || {}).forEach(function (name) { texts = texts.concat(errors[name]); });
    return texts.join(" ");
  }

  var lastMessage = "";
  function showNotice(message) {
    if (!user) { return Promise.resolve(); }
    if (message !== undefined) { lastMessage = message; }
    message = lastMessage;
    return queue.forUser(user).then(function (entries) {
      notice.textContent = "";
      var waiting = entries.filter(function (e) { return e.state !== "refused"; }).length;
      var lines = [];
      if (message) { lines.push(message); }
      if (waiting) {
        lines.push(fmt(ngettext("%s entry is saved on this phone and will be sent when the connection returns.",
          "%s entries are saved on this phone and will be sent when the connection returns.", waiting), [waiting]));
      }
      lines.forEach(function (text) {
        var p = document.createElement("p");
        p.className = "mb-1";
        p.textContent = text;
        notice.appendChild(p);
      });
      entries.filter(function (e) { return e.state === "refused"; }).forEach(function (entry) {
        var p = document.createElement("p");
        p.className = "mb-1 text-danger";
        p.textContent = fmt(gettext("Not saved (%s): "), [new Date(entry.tappedAt).toLocaleString(document.documentElement.lang)]) +
          fieldErrors(entry.errors) + " ";
        var discard = document.createElement("button");
        discard.type = "button";
        discard.className = "btn btn-sm btn-outline-danger";
        discard.textContent = gettext("Discard");
        discard.addEventListener("click", function () { queue.remove(entry.id).then(function () { showNotice(); }); });
        p.appendChild(discard);
        notice.appendChild(p);
      });
      notice.hidden = notice.childNodes.length === 0;
    });
  }

  function sendWaiting() {
    if (!user) { return Promise.resolve(); }
    return queue.flush(user, csrfToken()).then(function (counts) {
      var message = "";
      if (counts.saved) {
        message = fmt(ngettext("%s entry saved on this phone has been sent.", "%s entries saved on this phone have been sent.", counts.saved), [counts.saved]);
      } else if (counts.signed_out) {
        message = gettext("Log in again to send what is saved on this phone.");
      }
      return showNotice(message);
    });
  }

  function askForBackgroundSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) { return registration.sync.register(queue.SYNC_TAG); }
    }).catch(function () {});
  }

  // --- saving the quick log and the check-in ----------------------------------------------------
  function hidden(form, name, value) {
    var input = form.querySelector("input[type=hidden][name='" + name + "']");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  function readyAgain(form) {
    delete form.dataset.sent;
    delete form.dataset.queuing;
    delete form.dataset.native;
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.classList.remove("disabled"); b.removeAttribute("aria-disabled"); });
  }

  document.querySelectorAll("form.js-offline").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!user || form.dataset.native) { return; }
      event.preventDefault();
      if (form.dataset.queuing) { return; }  // a second tap on Save while the first is on its way
      form.dataset.queuing = "1";
      // The entry's id and the moment of the tap are fixed now, whenever it reaches the server.
      hidden(form, "client_id", queue.newId());
      hidden(form, "tapped_at", new Date().toISOString());
      hidden(form, "queued_for", user);
      var fields = [];
      new FormData(form).forEach(function (value, name) {
        if (["csrfmiddlewaretoken", "client_id", "tapped_at", "queued_for"].indexOf(name) < 0) { fields.push([name, value]); }
      });
      var entry = {
        id: form.querySelector("input[name=client_id]").value,
        user: user, url: form.action, fields: fields, state: "waiting",
        tappedAt: form.querySelector("input[name=tapped_at]").value,
        csrf: (form.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || ""
      };
      // Kept on the phone before it is sent, so a connection lost before the reply loses nothing.
      queue.put(entry).then(function () {
        return queue.send(entry, csrfToken(), true);
      }).then(function (result) {
        if (result.state === "saved") {
          return queue.remove(entry.id).then(function () { window.location.assign(result.data.url); });
        }
        if (result.state === "refused") {
          // Let the server show its messages beside the fields: the same entry, posted as a page.
          return queue.remove(entry.id).then(function () { form.dataset.native = "1"; form.submit(); });
        }
        form.reset();
        readyAgain(form);
        askForBackgroundSync();
        var message = result.state === "signed_out" ? gettext("Saved on this phone. Log in again to send it.")
          : gettext("Saved on this phone, will be sent when the connection returns.");
        return showNotice(message).then(function () { window.scrollTo(0, 0); });
      }).catch(function () {
        // IndexedDB refused (private mode, a full disk): post the page as usual.
        form.dataset.native = "1";
        form.submit();
      });
    });
  });

  // --- today's check-in kept from an earlier day ----------------------------------------------
  // Opened offline the next morning, the kept page still holds yesterday's answers; saved, they
  // would count for today (the server dates a check-in by the tap). Blank it and say why.
  function todayIn(tz) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-GB", { timeZone: tz || undefined, year: "numeric", month: "2-digit", day: "2-digit" })
        .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
      return parts.year + "-" + parts.month + "-" + parts.day;
    } catch (e) { return ""; }
  }
  document.querySelectorAll("form.js-offline[data-today]").forEach(function (form) {
    var today = todayIn(form.getAttribute("data-tz"));
    if (!today || form.getAttribute("data-today") >= today) { return; }
    form.querySelectorAll("input, textarea").forEach(function (field) {
      if (field.type === "hidden") { return; }
      if (field.type === "radio") { field.checked = field.value === ""; }
      else if (field.type === "checkbox") { field.checked = false; }
      else { field.value = ""; }
    });
    var mode = form.querySelector("input[name=mode]");
    if (mode) { mode.value = "new"; }
    showNotice(gettext("This page was kept on this phone from an earlier day, so it is blank now: what you save counts for today."));
  });

  // --- log-out: warn about anything unsent, then leave nothing of the diary on the phone --------
  document.querySelectorAll("form").forEach(function (form) {
    if (!logoutUrl || new URL(form.action, window.location.href).pathname !== logoutUrl) { return; }
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared) { return; }
      event.preventDefault();
      // Without a connection the server would never hear of it and the session would go on:
      // keep everything and say so. Otherwise send what can still be sent, then warn about the rest.
      var healthUrl = script.getAttribute("data-health-url");
      window.fetch(healthUrl, { cache: "no-store" }).then(function (response) {
        if (!response.ok) { throw new Error("no server"); }
      }).then(function () {
        return queue.flush(user, csrfToken()).catch(function () {}).then(function () { return queue.forUser(user); });
      }, function () {
        window.alert(gettext("No connection: you are still logged in. Log out again when the connection returns."));
        return null;
      }).then(function (entries) {
        if (entries === null) { return; }
        if (entries.length && !window.confirm(fmt(ngettext(
          "%s entry on this phone has not been sent yet. Logging out deletes it from this phone. Log out anyway?",
          "%s entries on this phone have not been sent yet. Logging out deletes them from this phone. Log out anyway?",
          entries.length), [entries.length]))) {
          return;
        }
        return Promise.all([queue.clear(), forgetPages(), queue.setCurrentUser("")]).then(function () {
          form.dataset.cleared = "1";
          form.submit();
        });
      }).catch(function () { form.dataset.cleared = "1"; form.submit(); });
    });
  });

  // Back from the browser's page cache: Save works again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.js-offline").forEach(readyAgain);
  });
  if (!user) { return; }
  window.addEventListener("online", sendWaiting);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "diary-queue-changed") { showNotice(); }
    });
  }
  sendWaiting().catch(function () {});
})();
