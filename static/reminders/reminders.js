// Check-in reminders: asks for the notification permission only when the user saves a reminder by
// notification (the browser then shows its question), subscribes this browser to Web Push and
// gives the subscription to the server; then the form is sent as usual, whatever the answer.
(function () {
  "use strict";
  var form = document.querySelector("[data-reminder-form]");
  if (!form) { return; }
  var status = form.querySelector("[data-push-status]");
  var actionField = form.querySelector("[data-action-field]");
  var busy = false;

  function say(message) { if (status) { status.textContent = message || ""; } }

  function wantsPush() {
    var enabled = form.querySelector("input[name=enabled]");
    if (enabled && !enabled.checked) { return false; }
    var push = form.querySelector("input[name=channel][value=push]");
    return Boolean(push && push.checked);
  }

  function supported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window &&
      Boolean(form.getAttribute("data-vapid-key"));
  }

  function keyBytes(base64url) {
    var base64 = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function askPermission() {
    // Older Safari takes a callback instead of returning a promise.
    return new Promise(function (resolve) {
      var answer = Notification.requestPermission(resolve);
      if (answer && answer.then) { answer.then(resolve); }
    });
  }

  function workerReady() {
    // offline.js registers the service worker; do not wait for ever if it could not.
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (resolve, reject) { window.setTimeout(function () { reject(new Error("no worker")); }, 10000); })
    ]);
  }

  function subscribe() {
    return workerReady().then(function (registration) {
      return registration.pushManager.getSubscription().then(function (existing) {
        return existing || registration.pushManager.subscribe({
          userVisibleOnly: true, applicationServerKey: keyBytes(form.getAttribute("data-vapid-key"))
        });
      });
    }).then(function (subscription) {
      var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
      return fetch(form.getAttribute("data-subscribe-url"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(subscription.toJSON())
      }).then(function (response) { if (!response.ok) { throw new Error("not stored"); } });
    });
  }

  function sendForm() {
    if (actionField) { actionField.disabled = false; }  // form.submit() sends no button's value
    form.submit();
  }

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (busy || (submitter && submitter.value && submitter.value.indexOf("skip") === 0) || !wantsPush()) { return; }
    if (!supported()) { say(form.getAttribute("data-msg-unsupported")); return; }
    if (Notification.permission === "denied") { say(form.getAttribute("data-msg-denied")); return; }
    event.preventDefault();
    busy = true;
    if (Notification.permission !== "granted") { say(form.getAttribute("data-msg-asking")); }
    askPermission().then(function (permission) {
      if (permission !== "granted") { say(form.getAttribute("data-msg-denied")); return null; }
      return subscribe().catch(function () { say(form.getAttribute("data-msg-unsupported")); });
    }).then(sendForm, sendForm);
  });
}());
