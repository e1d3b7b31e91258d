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
  var addCopyButtons = function (within) {
    var codes = Array.prototype.slice.call(within.querySelectorAll("pre > code"));
    if (within.matches && within.matches("pre") && within.querySelector(":scope > code")) codes.push(within.querySelector(":scope > code"));
    codes.forEach(function (code) {
      var pre = code.parentNode;
      // Already in a block (the code was edited while serving): its
      // button copies whatever the block holds now.
      if (!pre.parentNode || (pre.parentNode.classList && pre.parentNode.classList.contains("code-block"))) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy this code");
      // The button sits in the band the theme reserves above the code,
      // outside the part that scrolls sideways.
      var block = document.createElement("div");
      block.className = "code-block";
      button.addEventListener("click", function () {
        var done = function (text) {
          button.textContent = text;
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        };
        var now = block.querySelector("pre > code");
        if (now && navigator.clipboard) {
          navigator.clipboard.writeText(now.textContent).then(
            function () { done("Copied"); },
            function () { done("Press Ctrl+C"); }
          );
        } else {
          done("Press Ctrl+C");
        }
      });
      pre.parentNode.insertBefore(block, pre);
      block.appendChild(pre);
      block.appendChild(button);
      // Code wider than the page scrolls sideways: a keyboard reaches it too.
      if (pre.scrollWidth > pre.clientWidth) pre.tabIndex = 0;
    });
  };
  addCopyButtons(document);

  // Copy page as Markdown: the page's Markdown copy, built beside it, for
  // pasting into an AI assistant. The clipboard gets a promise of the
  // text, so the click still counts when the copy arrives.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy-page]");
    if (!button) return;
    var label = "Copy page as Markdown";
    var say = function (text) {
      button.textContent = text;
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    var text = fetch(button.dataset.copyPage).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    });
    var copied;
    if (navigator.clipboard && window.ClipboardItem && navigator.clipboard.write) {
      copied = navigator.clipboard.write([new ClipboardItem({
        "text/plain": text.then(function (t) { return new Blob([t], { type: "text/plain" }); })
      })]);
    } else if (navigator.clipboard) {
      copied = text.then(function (t) { return navigator.clipboard.writeText(t); });
    } else {
      copied = Promise.reject(new Error("no clipboard"));
    }
    copied.then(function () { say("Copied"); }, function (error) {
      console.error("quire: the page could not be copied:", error);
      say("Could not copy");
    });
  });

  // The version switcher closes on Escape and on a click elsewhere.
  var switcher = function () { return document.querySelector("[data-version-switcher]"); };
  document.addEventListener("keydown", function (event) {
    var open = switcher();
    if (event.key === "Escape" && open && open.open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    var open = switcher();
    if (open && open.open && !open.contains(event.target)) open.open = false;
  });

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
  if (document.querySelector("[data-support-template]")) {
    var name = function () {
      var support = document.querySelector("[data-support-template]");
      if (!support) return;
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
  var observer = null;
  var watchContents = function () {
    if (observer) observer.disconnect();
    observer = null;
    var links = document.querySelectorAll(".toc a");
    if (!links.length || !("IntersectionObserver" in window)) return;
    var byId = {};
    links.forEach(function (a) { byId[decodeURIComponent(a.hash.slice(1))] = a; });
    observer = new IntersectionObserver(function (entries) {
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
  };
  watchContents();

  // `quire serve` swapped an edit into the page: enhance what it brought.
  document.addEventListener("quire:content", function (event) {
    event.detail.added.forEach(addCopyButtons);
    watchContents();
    if (typeof name === "function") name();
  });
})();
