/* Progressive enhancement: where service workers work, keep the noticeboard and learning readable offline
   (learning/offline.py). Without JavaScript, or without this, every page works as before. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var data = document.getElementById("offline-data");
  if (!data) return;
  var keep = (data.getAttribute("data-urls") || "").split(" ").filter(Boolean);
  if (data.getAttribute("data-keep") === "true") keep.push(location.pathname + location.search);
  var message = { user: data.getAttribute("data-user") || "anon", keep: keep };
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && typeof event.data.kept === "number") {
      document.documentElement.setAttribute("data-offline-kept", String(event.data.kept));
    }
  });
  navigator.serviceWorker.register(data.getAttribute("data-worker"), { scope: data.getAttribute("data-scope") })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
      document.documentElement.setAttribute("data-offline-ready", "true");
    })
    .catch(function () { /* offline reading is a bonus: the pages work without it */ });
})();
