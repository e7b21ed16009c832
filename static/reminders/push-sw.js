// Check-in reminders inside the service worker (loaded by static/js/sw.js with importScripts):
// shows a pushed reminder, opens today's check-in on a tap, and stops the reminders from the
// notification's "Stop reminders" button with one POST to the signed stop link.
"use strict";

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  var actions = data.stop_url ? [{ action: "stop", title: data.stop_label || "Stop" }] : [];
  event.waitUntil(self.registration.showNotification(data.title || "Spasm Diary", {
    body: data.body || "",
    tag: data.tag || "daily-checkin",
    icon: data.icon,
    actions: actions,
    data: data
  }));
});

function openPage(url) {
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (windows[i].url === url && "focus" in windows[i]) { return windows[i].focus(); }
    }
    return self.clients.openWindow(url);
  });
}

function stopReminders(data) {
  return fetch(data.stop_url, {
    method: "POST", credentials: "omit",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click"
  }).then(function (response) {
    if (!response.ok) { throw new Error("stop failed"); }
    return self.registration.showNotification(data.stopped_title || "", {
      body: data.stopped_body || "", tag: "reminders-stopped", icon: data.icon
    });
  }).catch(function () { return openPage(data.stop_url); });  // the page has the same button
}

self.addEventListener("notificationclick", function (event) {
  var data = event.notification.data || {};
  event.notification.close();
  if (event.action === "stop" && data.stop_url) {
    event.waitUntil(stopReminders(data));
  } else if (data.url) {
    event.waitUntil(openPage(data.url));
  }
});
