// The projector screen's enhancements (core/projector_base.html): a button that makes the screen full screen, and a
// refresh that leaves the panel alone when the server says it has not changed (the same ETag, or a 304 the browser
// answered from its cache), so that an unchanged screen is never redrawn.
(function () {
  "use strict";
  var screen = document.querySelector("[data-projector]");
  if (!screen) {
    return;
  }
  var button = screen.querySelector("[data-projector-fullscreen]");
  if (button && document.fullscreenEnabled) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        screen.requestFullscreen();
      }
    });
    document.addEventListener("fullscreenchange", function () {
      button.textContent = document.fullscreenElement ? button.dataset.exitLabel : button.dataset.enterLabel;
    });
  }
  var panel = document.getElementById("projector-panel");
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target !== panel) {
      return;
    }
    var etag = event.detail.xhr.getResponseHeader("ETag");
    if (etag && etag === panel.dataset.etag) {
      event.detail.shouldSwap = false;
    } else if (etag) {
      panel.dataset.etag = etag;
    }
  });
})();
