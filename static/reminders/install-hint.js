// The "add to home screen" hint on the last first-run screen: shown only where the browser offers
// installing (the beforeinstallprompt event); elsewhere nothing is shown.
(function () {
  "use strict";
  var hint = document.querySelector("[data-install-hint]");
  if (!hint) { return; }
  var offer = null;
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    offer = event;
    hint.hidden = false;
  });
  window.addEventListener("appinstalled", function () { hint.hidden = true; });
  hint.querySelector("[data-install-button]").addEventListener("click", function () {
    if (!offer) { return; }
    offer.prompt();
    offer.userChoice.then(function () { hint.hidden = true; offer = null; });
  });
}());
