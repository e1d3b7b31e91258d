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

  // Search: `/` or Ctrl+K focuses the box; its code and index load on
  // first focus, so a page nobody searches downloads nothing for it.
  var forms = document.querySelectorAll("form[data-search-script]");
  if (forms.length) {
    var started = false;
    var start = function () {
      if (started) return;
      started = true;
      import(forms[0].dataset.searchScript).then(function (search) {
        forms.forEach(function (form) { search.start(form); });
      }, function (error) {
        started = false;
        console.error("quire: search could not start:", error);
      });
    };
    forms.forEach(function (form) {
      var input = form.querySelector("input[type=search]");
      input.addEventListener("focus", start);
      input.addEventListener("input", start);
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      var slash = event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
      var ctrlK = (event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "k" || event.key === "K");
      if (!slash && !ctrlK) return;
      var input = null;
      forms.forEach(function (form) {
        var candidate = form.querySelector("input[type=search]");
        if (!input && candidate.getClientRects().length) input = candidate;
      });
      if (!input) return;
      event.preventDefault();
      input.focus();
      input.select();
    });
    // Sent here from a search box (the A–Z page): search on with the words.
    var asked = new URLSearchParams(location.search).get("q");
    if (asked) {
      var box = forms[0].querySelector("input[type=search]");
      box.value = asked.slice(0, 200);
      box.focus();
    }
  }

  // The support link names the fields the checker finds wrong (their
  // names only, never what the reader pasted), so support knows where to
  // start.
  var support = document.querySelector("[data-support-template]");
  if (support) {
    var name = function () {
      var failing = [];
      document.querySelectorAll('.checker-status[data-state="error"]').forEach(function (status) {
        var field = status.dataset.statusFor;
        if (field && failing.indexOf(field) < 0) failing.push(field);
      });
      var fields = failing.length ? support.dataset.supportPrefix + encodeURIComponent(failing.join(",")) : "";
      support.href = support.dataset.supportTemplate.split("{field}").join(fields);
    };
    if ("MutationObserver" in window) {
      new MutationObserver(name).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
    }
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
