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

  // Selects marked js-autosubmit submit their form on change (the language switcher).
  document.querySelectorAll("select.js-autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
