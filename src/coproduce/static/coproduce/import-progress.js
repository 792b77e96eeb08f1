// The Polis import page (conversations/import_polis.html): while the upload's request runs, ask every second how far
// the import has gone and say it in the status line. The page works the same without it (the browser waits).
(function () {
  "use strict";
  var form = document.querySelector("form[data-import-progress]");
  var status = document.getElementById("import-progress");
  if (!form || !status || !window.fetch) {
    return;
  }
  form.addEventListener("submit", function () {
    var url = form.dataset.importProgress;
    status.textContent = status.dataset.sending;
    var ask = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (state) {
          if (state && state.text) {
            status.textContent = state.text;
          }
        })
        .catch(function () {});
    };
    window.setInterval(ask, 1000);
  });
})();
