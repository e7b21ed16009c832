// GP summary page: Print opens the print dialog; picking a custom date selects "Custom dates".
(function () {
  "use strict";
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll(".js-summary-form .js-custom-date").forEach(function (input) {
    input.addEventListener("change", function () {
      var custom = input.form.querySelector("input[name='period'][value='custom']");
      if (custom && input.value) { custom.checked = true; }
    });
  });
})();
