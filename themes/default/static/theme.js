// Applies the reader's chosen colour theme before the page paints, and
// marks the page as one where scripts run. The
// choice is stored only when the reader clicks the toggle.
(function () {
  // Scripts run: the theme reserves room for what they add (code copy
  // buttons, the checker's inputs) before the first paint.
  document.documentElement.classList.add("js");
  try {
    var saved = localStorage.getItem("quire-theme");
    if (saved === "dark" || saved === "light") {
      document.documentElement.dataset.theme = saved;
    }
  } catch (e) { /* storage blocked: follow the system */ }
})();
