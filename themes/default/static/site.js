// Progressive enhancements; every page works without them.
(function () {
  "use strict";
  var root = document.documentElement;

  // Theme toggle: follows the system until the reader picks.
  var toggle = document.querySelector("[data-theme-toggle]");
  if (toggle) {
    var dark = function () {
      if (root.dataset.theme) return root.dataset.theme === "dark";
      return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    };
    var sync = function () {
      var isDark = dark();
      toggle.setAttribute("aria-pressed", String(isDark));
      toggle.querySelector(".theme-toggle-text").textContent = isDark ? "Light theme" : "Dark theme";
      toggle.setAttribute("aria-label", isDark ? "Switch to the light theme" : "Switch to the dark theme");
    };
    toggle.hidden = false;
    sync();
    toggle.addEventListener("click", function () {
      var next = dark() ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem("quire-theme", next); } catch (e) { /* not kept */ }
      sync();
    });
  }

  // Copy buttons on code blocks.
  document.querySelectorAll("pre > code").forEach(function (code) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy this code");
    button.addEventListener("click", function () {
      var done = function (text) {
        button.textContent = text;
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(code.textContent).then(
          function () { done("Copied"); },
          function () { done("Press Ctrl+C"); }
        );
      } else {
        done("Press Ctrl+C");
      }
    });
    // The button sits in the band the theme reserves above the code,
    // outside the part that scrolls sideways.
    var pre = code.parentNode;
    var block = document.createElement("div");
    block.className = "code-block";
    pre.parentNode.insertBefore(block, pre);
    block.appendChild(pre);
    block.appendChild(button);
    // Code wider than the page scrolls sideways: a keyboard reaches it too.
    if (pre.scrollWidth > pre.clientWidth) pre.tabIndex = 0;
  });

  // The version switcher closes on Escape and on a click elsewhere.
  var switcher = document.querySelector("[data-version-switcher]");
  if (switcher) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && switcher.open) {
        switcher.open = false;
        switcher.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (switcher.open && !switcher.contains(event.target)) switcher.open = false;
    });
  }

  // Highlight the table of contents entry of the section being read.
  var links = document.querySelectorAll(".toc a");
  if (links.length && "IntersectionObserver" in window) {
    var byId = {};
    links.forEach(function (a) { byId[decodeURIComponent(a.hash.slice(1))] = a; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && byId[entry.target.id]) {
          links.forEach(function (a) { a.classList.remove("is-active"); });
          byId[entry.target.id].classList.add("is-active");
        }
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var heading = document.getElementById(id);
      if (heading) observer.observe(heading);
    });
  }
})();
