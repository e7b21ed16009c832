// Diary forms: steppers, a "now" button, no double saves. Every form works without this file.
(function () {
  "use strict";

  function decimals(step) {
    var text = String(step);
    return text.indexOf(".") < 0 ? 0 : text.length - text.indexOf(".") - 1;
  }

  // − / + beside number inputs (fluid, drinks): reveal them and step within min and max.
  document.querySelectorAll(".js-step").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-target"));
    if (!input) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var step = parseFloat(button.getAttribute("data-step"));
      var current = parseFloat(input.value);
      // Empty means "not recorded": the first tap on + records one step, − leaves it empty.
      if (isNaN(current)) {
        if (step < 0) { return; }
        current = 0;
      }
      var value = current + step;
      var min = input.min === "" ? -Infinity : parseFloat(input.min);
      var max = input.max === "" ? Infinity : parseFloat(input.max);
      value = Math.min(max, Math.max(min, value));
      input.value = value.toFixed(decimals(Math.abs(step)));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });

  // "Now" beside a datetime-local input, in the diary's time zone (data-tz), which can differ
  // from the device's: the server reads the field in the profile's zone.
  function nowIn(tz) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-GB", {
        timeZone: tz || undefined, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23"
      }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
      return parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute;
    } catch (e) {
      var now = new Date();
      now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
      return now.toISOString().slice(0, 16);
    }
  }
  document.querySelectorAll(".js-now").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-target"));
    if (!input) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      input.value = nowIn(button.getAttribute("data-tz"));
    });
  });

  // A second tap on Save (easy when in pain) must not save the entry twice.
  document.querySelectorAll("form.js-once").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.classList.add("disabled"); b.setAttribute("aria-disabled", "true"); });
    });
  });
  // Coming back with the Back button restores the page from cache: make Save usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.js-once").forEach(function (form) {
      delete form.dataset.sent;
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.classList.remove("disabled"); b.removeAttribute("aria-disabled"); });
    });
  });
})();
