// Applies the reader's chosen colour theme before the page paints. The
// choice is stored only when the reader clicks the toggle.
(function () {
  try {
    var saved = localStorage.getItem("quire-theme");
    if (saved === "dark" || saved === "light") {
      document.documentElement.dataset.theme = saved;
    }
  } catch (e) { /* storage blocked: follow the system */ }
})();
