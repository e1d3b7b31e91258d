// quire serve's live preview: injected into served pages only.
//
// An edit is swapped into the page in place, without a reload: what the
// writer scrolled to, focused, opened and typed stays. It compares three
// versions of the page: the HTML served before the edit, the HTML served
// now, and the page as shown (which scripts have added to). Only what
// changed between the two served versions is changed in the page, so
// whatever scripts did elsewhere stays. A change to the head (styles,
// scripts) or to a script in the body reloads the page instead.
(function () {
  "use strict";
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  var saved = history.state && history.state.quireScroll;
  // Instant: the theme may scroll smoothly, and a page gliding back to
  // where the writer was is a flash of its own.
  function restore() { if (saved) window.scrollTo({ left: saved[0], top: saved[1], behavior: "instant" }); }
  restore();
  document.addEventListener("DOMContentLoaded", restore);
  window.addEventListener("load", restore);

  var overlay = null;
  // Error messages so far: a page updated for a fix clears the error only
  // if none came after the fix.
  var errors = 0;
  function showError(text) {
    errors++;
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
  function clearError() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function reload() {
    var state = Object.assign({}, history.state || {}, { quireScroll: [window.scrollX, window.scrollY] });
    history.replaceState(state, "");
    location.reload();
  }

  // This script's tag says which version of the site the page came from
  // (`data-build`), which changes with every edit: it is not part of the
  // page when pages are compared.
  function unstamp(root) {
    root.querySelectorAll('script[data-build][src="/__quire/live.js"]').forEach(function (n) {
      n.removeAttribute("data-build");
    });
  }

  // The page as served, and for each of its nodes the node shown for it.
  // This script runs at the end of the body, before deferred scripts and
  // modules change anything, so the page is still exactly as served.
  var served = document.documentElement.cloneNode(true);
  unstamp(served);
  var shownFor = new WeakMap();
  function pair(servedNode, shownNode) {
    shownFor.set(servedNode, shownNode);
    var a = servedNode.firstChild, b = shownNode.firstChild;
    while (a && b) { pair(a, b); a = a.nextSibling; b = b.nextSibling; }
  }
  pair(served, document.documentElement);
  var me = document.currentScript;
  // Which version of the site the server gave this page from.
  var build = me && me.getAttribute("data-build");
  var loaded = document.readyState !== "loading";
  document.addEventListener("DOMContentLoaded", function () {
    // What the parser put after this script (the white space before
    // </body>) was not there when the page was copied.
    var servedBody = served.querySelector("body");
    for (var node = me && me.nextSibling; node; node = node.nextSibling) {
      var copy = node.cloneNode(true);
      servedBody.appendChild(copy);
      pair(copy, node);
    }
    loaded = true;
    if (waiting) refresh(waiting.ok, waiting.seen);
  });

  // The parser that reads a fetched page runs without scripts, so it reads
  // a <noscript> as markup where the page's own parser kept it as text.
  function normalise(doc) {
    doc.querySelectorAll("noscript").forEach(function (n) { n.textContent = n.innerHTML; });
    unstamp(doc);
    return doc;
  }

  // Parts of the head a page changes by itself; any other difference in
  // the head (styles, scripts, the policy) needs a reload.
  var OWN = "title, meta[name='description'], link[rel='canonical'], meta[name='robots']";
  function headWithout(head) {
    var copy = head.cloneNode(true);
    copy.querySelectorAll(OWN).forEach(function (n) { n.remove(); });
    return copy;
  }

  // Elements replaced whole when they change: their insides are text that
  // counts to the space (code), belong to a script (the checker), or run.
  function opaque(node) {
    return /^(PRE|TEXTAREA|SCRIPT|STYLE|NOSCRIPT|TEMPLATE|svg)$/.test(node.nodeName) ||
      (node.classList && node.classList.contains("quire-checker"));
  }

  function Update() { this.added = []; this.failed = false; }

  // Makes the node shown for `before` show `after` instead.
  Update.prototype.node = function (before, after) {
    var shown = shownFor.get(before);
    if (!shown) { this.failed = true; return null; }
    if (before.isEqualNode(after)) { pair(after, shown); return shown; }
    // A script took it off the page (a diagram drawn in its place): an
    // edit to it could not be shown.
    if (!shown.isConnected) { this.failed = true; return null; }
    if (before.nodeType !== after.nodeType || before.nodeName !== after.nodeName) return this.replace(shown, after);
    if (before.nodeType === 3 || before.nodeType === 8) {
      shown.data = after.data;
      shownFor.set(after, shown);
      return shown;
    }
    if (before.nodeType !== 1) return this.replace(shown, after);
    if (opaque(before)) return this.replace(shown, after);
    this.attributes(before, after, shown);
    shownFor.set(after, shown);
    this.children(before, after, shown);
    return shown;
  };

  // Only the attributes that changed between the two served versions:
  // those scripts set (open, aria-*, data-ready, classes) stay.
  Update.prototype.attributes = function (before, after, shown) {
    var names = {};
    var i;
    for (i = 0; i < before.attributes.length; i++) names[before.attributes[i].name] = true;
    for (i = 0; i < after.attributes.length; i++) names[after.attributes[i].name] = true;
    Object.keys(names).forEach(function (name) {
      var was = before.getAttribute(name), is = after.getAttribute(name);
      if (was === is) return;
      if (is === null) shown.removeAttribute(name); else shown.setAttribute(name, is);
    });
  };

  Update.prototype.replace = function (shown, after) {
    if (after.nodeName === "SCRIPT" || (after.querySelector && after.querySelector("script"))) {
      // A script that is new or changed would not run when swapped in.
      this.failed = true;
      return null;
    }
    if (!shown.parentNode) { this.failed = true; return null; }
    var fresh = document.importNode(after, true);
    pair(after, fresh);
    shown.parentNode.replaceChild(fresh, shown);
    if (fresh.nodeType === 1) this.added.push(fresh);
    return fresh;
  };

  // The child of `parent` that holds `node` (a script may have wrapped it).
  function within(parent, node) {
    while (node && node.parentNode !== parent) node = node.parentNode;
    return node;
  }

  // What a node is, for finding an unchanged copy of it.
  function key(node) {
    return node.nodeType === 1 ? node.outerHTML : node.nodeType + ":" + node.data;
  }

  Update.prototype.children = function (before, after, shown) {
    var old = Array.prototype.slice.call(before.childNodes);
    var now = Array.prototype.slice.call(after.childNodes);
    var self = this;
    // Which old child each new one keeps (-1: none, it comes in new).
    // First the unchanged ones, in order; then unchanged ones that moved;
    // then, between two kept ones, a changed one of the same kind in the
    // same place. So adding a paragraph above others never rewrites each
    // of them into its neighbour.
    var byKey = new Map();
    old.forEach(function (o, i) {
      var k = key(o);
      if (!byKey.has(k)) byKey.set(k, []);
      byKey.get(k).push(i);
    });
    var used = new Array(old.length);
    var match = now.map(function () { return -1; });
    var last = -1;
    now.forEach(function (n, j) {
      var list = byKey.get(key(n));
      if (!list) return;
      for (var t = 0; t < list.length; t++) {
        if (list[t] > last && !used[list[t]]) {
          match[j] = last = list[t];
          used[last] = true;
          return;
        }
      }
    });
    now.forEach(function (n, j) {
      if (match[j] >= 0) return;
      var list = byKey.get(key(n)) || [];
      for (var t = 0; t < list.length; t++) {
        if (!used[list[t]]) { match[j] = list[t]; used[list[t]] = true; return; }
      }
    });
    var below = [], above = [];
    var lo = -1;
    for (var j = 0; j < now.length; j++) { below[j] = lo; if (match[j] > lo) lo = match[j]; }
    var hi = old.length;
    for (j = now.length - 1; j >= 0; j--) { above[j] = hi; if (match[j] >= 0 && match[j] < hi) hi = match[j]; }
    now.forEach(function (n, j) {
      if (match[j] >= 0 || opaque(n)) return;
      for (var i = below[j] + 1; i < above[j]; i++) {
        if (!used[i] && old[i].nodeType === n.nodeType && old[i].nodeName === n.nodeName) {
          match[j] = i;
          used[i] = true;
          return;
        }
      }
    });
    var placed = now.map(function (n, j) {
      var i = match[j];
      if (i >= 0) {
        var node = self.node(old[i], n);
        return node && within(shown, node);
      }
      if (n.nodeName === "SCRIPT" || (n.querySelector && n.querySelector("script"))) {
        self.failed = true;
        return null;
      }
      var fresh = document.importNode(n, true);
      pair(n, fresh);
      if (fresh.nodeType === 1) self.added.push(fresh);
      return fresh;
    });
    if (this.failed) return;
    old.forEach(function (o, i) {
      var node = !used[i] && within(shown, shownFor.get(o));
      if (node) node.remove();
    });
    // Put them in order, moving only what is out of place (moving a node
    // takes the focus from it). What scripts added stays where it is.
    var placedSet = new Set(placed);
    var skip = function (n) {
      while (n && !placedSet.has(n)) n = n.nextSibling;
      return n;
    };
    var ref = skip(shown.firstChild);
    placed.forEach(function (node) {
      if (!node) return;
      if (node === ref) { ref = skip(node.nextSibling); return; }
      shown.insertBefore(node, ref);
    });
  };

  // What the reader typed into the checkers, and where the caret was,
  // by field: put back into new blocks after an edit.
  function typed() {
    var values = {};
    document.querySelectorAll(".quire-checker [data-field]").forEach(function (input) {
      if (input.value) values[input.getAttribute("data-field")] = input.value;
    });
    var active = document.activeElement;
    var focus = active && active.matches && active.matches(".quire-checker [data-field]") ? {
      field: active.getAttribute("data-field"),
      start: active.selectionStart,
      end: active.selectionEnd
    } : null;
    return { values: values, focus: focus };
  }

  // Every checker block on the page is mounted together (a value composed
  // in one step comes from another), so when one changed, all are brought
  // in new, with what the reader typed, and mounted again, once.
  function remountCheckers(update, doc, before) {
    var changed = update.added.some(function (n) {
      return n.matches(".quire-checker") || n.querySelector(".quire-checker");
    });
    if (!changed) return;
    var script = document.querySelector("script[data-quire-wasm]");
    if (!script) return;
    doc.querySelectorAll(".quire-checker").forEach(function (after) {
      var shown = shownFor.get(after);
      if (!shown || !shown.hasAttribute("data-ready")) return;
      var fresh = document.importNode(after, true);
      pair(after, fresh);
      shown.parentNode.replaceChild(fresh, shown);
      update.added.push(fresh);
    });
    document.querySelectorAll(".quire-checker:not([data-ready]) [data-field]").forEach(function (input) {
      var value = before.values[input.getAttribute("data-field")];
      if (value) input.value = value;
    });
    // The module already loaded mounts the new blocks; a page whose
    // module has no `remount` (or could not start) loads it again.
    import(script.src).then(function (module) {
      if (typeof module.remount === "function") return module.remount();
      var url = new URL(script.src);
      url.searchParams.set("quire-live", String(Date.now()));
      return import(url.href);
    }).then(function () {
      var focus = before.focus;
      var input = focus && document.querySelector('.quire-checker [data-field="' + focus.field + '"]');
      if (input && document.activeElement !== input) {
        input.focus();
        try { input.setSelectionRange(focus.start, focus.end); } catch (e) { /* not a text field */ }
      }
    }).catch(function (error) { console.error("quire: the checker could not restart:", error); });
  }

  // Fetches the page and swaps what changed in; false when it cannot be,
  // and the page reloads.
  function apply(text) {
    var doc = normalise(new DOMParser().parseFromString(text, "text/html"));
    var oldHead = served.querySelector("head"), newHead = doc.head;
    if (!oldHead || !newHead || !headWithout(oldHead).isEqualNode(headWithout(newHead))) return false;
    var oldBody = served.querySelector("body");
    if (!oldBody || !doc.body) return false;
    // Nothing changed (the check on first open, mostly): nothing to do,
    // and nothing to tell the page's scripts.
    var same = oldHead.isEqualNode(newHead) && oldBody.isEqualNode(doc.body) &&
      ["lang", "dir"].every(function (name) {
        return served.getAttribute(name) === doc.documentElement.getAttribute(name);
      });
    if (same) return true;
    var before = typed();
    var update = new Update();
    // Of <html>, only what a template says: scripts in the head have
    // already changed the rest (the theme, the `js` class) when it was copied.
    ["lang", "dir"].forEach(function (name) {
      var is = doc.documentElement.getAttribute(name);
      if (is === null) document.documentElement.removeAttribute(name);
      else document.documentElement.setAttribute(name, is);
    });
    update.node(oldBody, doc.body);
    if (update.failed) return false;
    document.title = doc.title;
    ["meta[name='description']", "link[rel='canonical']", "meta[name='robots']"].forEach(function (selector) {
      var was = document.head.querySelector(selector), is = newHead.querySelector(selector);
      if (was) was.remove();
      if (is) document.head.appendChild(document.importNode(is, true));
    });
    remountCheckers(update, doc, before);
    shownFor.set(doc.documentElement, document.documentElement);
    shownFor.set(newHead, document.head);
    served = doc.documentElement;
    document.dispatchEvent(new CustomEvent("quire:content", { detail: { added: update.added } }));
    return true;
  }

  var busy = false, waiting = null;
  // `ok`: the site built clean when this update was announced, with
  // `seen` error messages before it.
  function refresh(ok, seen) {
    if (seen === undefined) seen = errors;
    if (busy || !loaded) { waiting = { ok: ok, seen: seen }; return; }
    busy = true;
    waiting = null;
    fetch(location.pathname + location.search, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (text) {
        if (!apply(text)) return reload();
        if (ok && seen === errors) clearError();
        busy = false;
        if (waiting) refresh(waiting.ok, waiting.seen);
      })
      .catch(function (error) {
        console.error("quire: the page could not be updated in place:", error);
        reload();
      });
  }

  function connect(retry) {
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__quire/ws");
    socket.onopen = function () { if (retry) reload(); };
    socket.onmessage = function (message) {
      var event = JSON.parse(message.data);
      if (event.kind === "hello") {
        // The site's version now, against the one this page came from:
        // an edit saved while the page loaded was announced before this
        // socket listened. (After a reconnect the page reloads anyway.)
        if (!retry && build !== null && String(event.build) !== build) refresh(false);
      } else if (event.kind === "reload") {
        // Compared as URLs, so `/überblick/` is `/%C3%BCberblick/`.
        var here = !event.path || new URL(event.path, location.href).pathname === location.pathname;
        if (here) refresh(event.ok, errors);
        else if (event.ok) clearError();
      } else if (event.kind === "css") {
        var links = document.querySelectorAll('link[rel="stylesheet"]');
        var servedLinks = served.querySelectorAll('link[rel="stylesheet"]');
        event.swaps.forEach(function (swap) {
          links.forEach(function (link) {
            if (new URL(link.href).pathname === swap[0]) link.href = swap[1];
          });
          servedLinks.forEach(function (link) {
            if (new URL(link.getAttribute("href"), location.href).pathname === swap[0]) link.setAttribute("href", swap[1]);
          });
        });
        // Only a whole build that worked restyles.
        clearError();
      } else if (event.kind === "error") {
        showError(event.text);
      }
    };
    socket.onclose = function () { setTimeout(function () { connect(true); }, 1000); };
  }
  connect(false);
})();
