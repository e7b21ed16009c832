// Spasm Diary's small progressive enhancements; every page works without them.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Fill hidden timezone fields from the browser (sign-up and similar forms).
  var tz = "";
  try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { tz = ""; }
  document.querySelectorAll("input[name='timezone'][type='hidden']").forEach(function (input) {
    if (!input.value && tz) { input.value = tz; }
  });

  // Sign-up: pre-select the country of the browser's time zone (the emergency number depends on it).
  // The server adds the map only to a fresh form, so a choice already made is never overridden.
  document.querySelectorAll("select[data-zone-countries]").forEach(function (select) {
    var zones = {};
    try { zones = JSON.parse(select.getAttribute("data-zone-countries")); } catch (e) { return; }
    var guess = zones[tz];
    if (guess && select.querySelector("option[value='" + guess + "']")) { select.value = guess; }
  });

  // Selects marked js-autosubmit submit their form on change (the language switcher).
  document.querySelectorAll("select.js-autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
