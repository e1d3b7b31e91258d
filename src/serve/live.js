// quire serve's live reload: injected into served pages only.
(function () {
  "use strict";
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  var saved = history.state && history.state.quireScroll;
  function restore() { if (saved) window.scrollTo(saved[0], saved[1]); }
  restore();
  document.addEventListener("DOMContentLoaded", restore);
  window.addEventListener("load", restore);

  var overlay = null;
  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.setAttribute("role", "alert");
      overlay.id = "quire-error-overlay";
      var s = overlay.style;
      s.position = "fixed"; s.left = "1rem"; s.right = "1rem"; s.bottom = "1rem"; s.zIndex = "2147483647";
      s.maxHeight = "60vh"; s.overflow = "auto"; s.padding = "1rem 1.25rem"; s.borderRadius = "8px";
      s.background = "#2b0b0b"; s.color = "#ffe9e9"; s.border = "2px solid #ff6b6b";
      s.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"; s.whiteSpace = "pre-wrap";
      s.boxShadow = "0 8px 30px rgba(0,0,0,.4)";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "The last change did not build; showing the last good version.\n\n" + text;
  }

  function reload() {
    var state = Object.assign({}, history.state || {}, { quireScroll: [window.scrollX, window.scrollY] });
    history.replaceState(state, "");
    location.reload();
  }

  function connect(retry) {
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__quire/ws");
    socket.onopen = function () { if (retry) reload(); };
    socket.onmessage = function (message) {
      var event = JSON.parse(message.data);
      if (event.kind === "reload") {
        // Compared as URLs, so `/überblick/` is `/%C3%BCberblick/`.
        if (!event.path || new URL(event.path, location.href).pathname === location.pathname || overlay) reload();
      } else if (event.kind === "css") {
        document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
          event.swaps.forEach(function (swap) {
            if (new URL(link.href).pathname === swap[0]) link.href = swap[1];
          });
        });
      } else if (event.kind === "error") {
        showError(event.text);
      }
    };
    socket.onclose = function () { setTimeout(function () { connect(true); }, 1000); };
  }
  connect(false);
})();
