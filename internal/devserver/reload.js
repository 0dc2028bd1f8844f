// Live reload for `dossier serve`. Only the preview server serves this file,
// and only the pages it serves refer to it; `dossier build` never does.
//
// The page knows the build it comes from (data-build on this script). The
// server sends its state when the page connects and whenever a build ends:
// the build it now serves, and the problems of the latest build if that
// build failed. As soon as the server serves another build than the
// page's, the page takes that build, so it lands on the build its change
// started; while the latest build is broken, it lists the problems over
// the page, and the next good build clears them.
//
// A page takes a new build as editors expect of a preview: in place when
// it can, without a navigation (which costs a browser most of the time
// from a save to the page repainted). The server says which of the files
// it made first changed since the build before (changes: the stylesheets
// and scripts of static/, and the pages open; after a quick build of the
// changed page alone, the other open pages follow before the build ends,
// and those pages wait for it). Then
//   - a page whose file, stylesheets and scripts are as they were does
//     nothing;
//   - a page whose file alone changed fetches it and, if its stylesheets
//     and scripts are the same, takes its head's other elements (title,
//     description…) and its body in place, keeping the address (query and
//     fragment), the scroll position, the focus (by id, or by place) and
//     which disclosures are open; then it runs its scripts again, on the
//     new body. The listeners those scripts added to window and document
//     are taken off first (this script notes them as they are added), so
//     that the old body's are not kept, nor called;
//   - anything else reloads the page: a stylesheet or script that changed,
//     a page of another build than the one compared with, a script that
//     cannot run twice (one that is not deferred, a module, an inline
//     one), a failed request, or an error while swapping.
// After a change to one page's file, the server may send the open pages
// to that page (unless started with -stay): they go there.
//
// The script adds no inline script or style attribute, so it works under a
// strict Content-Security-Policy (script-src 'self').
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) {
    return;
  }
  var page = script.getAttribute("data-build") || "";
  var events = null;
  var waited = ""; // the build whose changes the page waits for
  var box = null, warnBox = null;

  // The page's stylesheets and scripts as served: the page's own scripts
  // are deferred, so they have not yet run and added to the head.
  var served = resources(document);
  // ran settles once the page's scripts have run: the deferred ones, at
  // first, then those a swap runs again. A swap waits for it, or a script
  // still loading from the swap before would run on the next one's body.
  var ran = new Promise(function (resolve) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { resolve(); });
    } else {
      resolve();
    }
  });
  // The listeners the page's scripts add to window and document.
  var added = [];
  [window, document].forEach(function (target) {
    var add = target.addEventListener;
    target.addEventListener = function (type, fn, opts) {
      added.push([target, type, fn, opts]);
      return add.call(this, type, fn, opts);
    };
  });
  listen();

  // listen opens the event stream. The page tells the server where it is:
  // the server lays out the pages open in a browser first after a save.
  function listen() {
    var url = new URL("events", script.src);
    url.searchParams.set("page", location.pathname);
    events = new EventSource(url);
    events.addEventListener("state", function (e) {
      var s = JSON.parse(e.data);
      if (s.build && s.build !== page) {
        take(s);
        return;
      }
      if (s.problems && s.problems.length) {
        show(s);
      } else {
        hide();
      }
      warnings(s.warnings || []);
    });
  }

  // take moves the page to build s, in place if it can.
  function take(s) {
    var here = fileOf(location.pathname);
    var open = s.open ? new URL(s.open, location.href) : null;
    if (open && fileOf(open.pathname) !== here) {
      events.close();
      location.href = open.href;
      return;
    }
    var c = s.changes;
    var uses = {};
    (served ? served.urls : []).forEach(function (u) { uses[u] = true; });
    if (!c || c.since !== page || !window.fetch || !window.DOMParser || !served ||
      c.changed.some(function (p) { return uses[p]; })) {
      events.close();
      location.reload();
      return;
    }
    if (c.same.indexOf(here) < 0 && c.changed.indexOf(here) < 0 && s.making) {
      // The server has not compared this page yet (it served the changed
      // page before it read the site): it will say, before the build
      // ends. Listening again tells it not to wait for this page.
      if (waited !== s.build) {
        waited = s.build;
        events.close();
        listen();
      }
      return;
    }
    events.close();
    if (c.same.indexOf(here) >= 0) {
      page = s.build;
      // The page says which build it shows, as one loaded from it would.
      document.querySelectorAll("script[data-build]").forEach(function (el) {
        if (isReload(el)) {
          el.setAttribute("data-build", page);
        }
      });
      listen();
      return;
    }
    var text = fetch(location.href, { cache: "no-store", credentials: "same-origin" }).then(function (r) {
      if (!r.ok || r.redirected || !/^text\/html/.test(r.headers.get("Content-Type") || "")) {
        throw new Error("not the page: " + r.status);
      }
      return r.text();
    });
    Promise.all([text, ran]).then(function (got) {
      var text = got[0];
      var doc = new DOMParser().parseFromString(text, "text/html");
      var now = resources(doc);
      if (!now || now.key !== served.key || buildOf(doc) !== s.build) {
        throw new Error("stylesheets, scripts or build changed");
      }
      swap(doc, now);
      page = s.build;
      if (open && open.hash && open.hash !== location.hash) {
        location.hash = open.hash;
      }
      // Listening again tells the server that the page has taken the
      // build (it waits for open pages before making the rest of the
      // site): once the new body is on screen.
      var listening = false;
      var again = function () {
        if (!listening) {
          listening = true;
          listen();
        }
      };
      requestAnimationFrame(function () { setTimeout(again, 0); });
      setTimeout(again, 250); // no frames in a hidden tab
    }).catch(function (err) {
      if (window.console) {
        console.debug("dossier: reloading the page:", err);
      }
      location.reload();
    });
  }

  // fileOf is the path of the file served at the URL path p.
  function fileOf(p) {
    try {
      p = decodeURIComponent(p);
    } catch (e) { /* as it is */ }
    return /\/$/.test(p) ? p + "index.html" : p;
  }

  // isReload tells this script's elements from the page's.
  function isReload(el) {
    return el.hasAttribute("data-build") && /\/_dossier\/reload\.js$/.test(el.getAttribute("src") || "");
  }

  // buildOf is the build of a page, from its reload script.
  function buildOf(doc) {
    var found = "";
    doc.querySelectorAll("script[data-build]").forEach(function (el) {
      if (isReload(el)) {
        found = el.getAttribute("data-build");
      }
    });
    return found;
  }

  // isJS tells a script that runs from one that holds data (JSON-LD).
  function isJS(el) {
    var t = (el.getAttribute("type") || "").trim().toLowerCase();
    return t === "" || t === "module" || /^(text|application)\/(x-)?(java|ecma)script$/.test(t);
  }

  // resources returns the stylesheets and scripts of doc, but for this
  // script: key, which is the same for two pages that have the same; the
  // head's elements among them (nodes); and the URL paths they load
  // (urls). It returns null when a script cannot run again in place: an
  // inline script, a module, one that is not deferred.
  function resources(doc) {
    var r = { key: "", nodes: [], urls: [] };
    var ok = true;
    [doc.head, doc.body].forEach(function (part, i) {
      r.key += i ? "\n<body>\n" : "";
      if (!part) {
        return;
      }
      part.querySelectorAll("link, style, script").forEach(function (el) {
        if (!isResource(el) || isReload(el) || el.closest("noscript")) {
          return;
        }
        if (el.tagName === "SCRIPT" && (!el.src || !el.defer || el.async || el.type === "module")) {
          ok = false;
        }
        r.key += el.outerHTML + "\n";
        if (i === 0) {
          r.nodes.push(el);
        }
        var u = el.getAttribute("src") || el.getAttribute("href");
        if (u) {
          r.urls.push(fileOf(new URL(u, doc.baseURI || location.href).pathname));
        }
      });
    });
    return ok ? r : null;
  }

  // isResource tells the elements that style the page or run in it.
  function isResource(el) {
    if (el.nodeType !== 1) {
      return false;
    }
    switch (el.tagName) {
    case "STYLE":
      return true;
    case "SCRIPT":
      return isJS(el);
    case "LINK":
      return /(^|\s)(stylesheet|preload|modulepreload)(\s|$)/i.test(el.getAttribute("rel") || "");
    }
    return false;
  }

  // pathOf is where el is in the body: the index of each element on the
  // way down.
  function pathOf(el) {
    var p = [];
    for (; el && el !== document.body && el.parentElement; el = el.parentElement) {
      p.unshift(Array.prototype.indexOf.call(el.parentElement.children, el));
    }
    return el === document.body ? p : null;
  }

  function atPath(p, tag) {
    var el = document.body;
    for (var i = 0; el && i < p.length; i++) {
      el = el.children[p[i]];
    }
    return el && el.tagName === tag ? el : null;
  }

  // swap takes doc's head and body in place of the page's; now are
  // doc's resources, the same as the page's.
  function swap(doc, now) {
    var x = window.scrollX, y = window.scrollY;
    // What the reader had: the focus, what they typed, the disclosures
    // they opened or closed.
    var focus = null, a = document.activeElement;
    if (a && a !== document.body && a !== document.documentElement && document.body.contains(a)) {
      focus = { id: a.id, path: pathOf(a), tag: a.tagName };
      if ((a.tagName === "INPUT" || a.tagName === "TEXTAREA") && a.value !== a.defaultValue) {
        focus.value = a.value;
        try {
          focus.start = a.selectionStart;
          focus.end = a.selectionEnd;
        } catch (e) { /* a field without a selection */ }
      }
    }
    var details = [];
    document.body.querySelectorAll("details").forEach(function (d) {
      details.push({ path: pathOf(d), open: d.open });
    });

    // The old scripts' listeners go with the old body.
    added.forEach(function (l) {
      EventTarget.prototype.removeEventListener.call(l[0], l[1], l[2], l[3]);
    });
    added = [];

    var root = document.documentElement;
    Array.from(root.attributes).forEach(function (at) {
      if (!doc.documentElement.hasAttribute(at.name)) {
        root.removeAttribute(at.name);
      }
    });
    Array.from(doc.documentElement.attributes).forEach(function (at) {
      root.setAttribute(at.name, at.value);
    });

    // The head: its stylesheets and scripts stay (a stylesheet taken
    // out and in again would load again, and the page would show
    // unstyled meanwhile); everything else is the new page's, in its
    // order. What the page's scripts added to the head goes: they run
    // again.
    var head = document.head, keep = served.nodes;
    Array.from(head.childNodes).forEach(function (n) {
      if (keep.indexOf(n) < 0) {
        head.removeChild(n);
      }
    });
    var k = 0, after = null;
    Array.from(doc.head.childNodes).forEach(function (n) {
      if (n.nodeType === 1 && isResource(n) && !isReload(n)) {
        after = keep[k++];
        return;
      }
      var m = document.adoptNode(n);
      head.insertBefore(m, after ? after.nextSibling : head.firstChild);
      after = m;
    });
    root.replaceChild(document.adoptNode(doc.body), document.body);
    box = null;
    warnBox = null;

    details.forEach(function (d) {
      var el = d.path && atPath(d.path, "DETAILS");
      if (el && el.open !== d.open) {
        el.open = d.open;
      }
    });
    window.scrollTo({ left: x, top: y, behavior: "instant" });
    if (focus) {
      var t = focus.id ? document.getElementById(focus.id) : focus.path && atPath(focus.path, focus.tag);
      if (t && t.tagName === focus.tag) {
        if (focus.value !== undefined) {
          t.value = focus.value;
          try {
            t.setSelectionRange(focus.start, focus.end);
          } catch (e) { /* a field without a selection */ }
        }
        t.focus({ preventScroll: true });
      }
    }

    // The scripts run again, in their order, as deferred scripts do:
    // those of the new body were parsed and will not run, and those of the
    // head have run once.
    var scripts = keep.filter(function (n) { return n.tagName === "SCRIPT"; });
    document.body.querySelectorAll("script").forEach(function (el) {
      if (isResource(el) && !isReload(el)) {
        scripts.push(el);
      }
    });
    var nodes = keep.slice();
    ran = Promise.all(scripts.map(function (old) {
      var s = document.createElement("script");
      Array.from(old.attributes).forEach(function (at) {
        s.setAttribute(at.name, at.value);
      });
      s.async = false;
      var done = new Promise(function (resolve) {
        s.onload = s.onerror = function () { resolve(); };
      });
      old.replaceWith(s);
      var i = nodes.indexOf(old);
      if (i >= 0) {
        nodes[i] = s;
      }
      return done;
    }));
    served = { key: now.key, nodes: nodes, urls: now.urls };
  }

  function hide() {
    if (box) {
      box.remove();
      box = null;
    }
  }

  function el(tag, text, style) {
    var e = document.createElement(tag);
    if (text) {
      e.textContent = text;
    }
    for (var k in style || {}) {
      e.style[k] = style[k];
    }
    return e;
  }

  // problem renders one problem: where, what, the lines around it with the
  // column marked, and a link that opens the file in the editor.
  function problem(p, color) {
    var item = el("li", "", { margin: "0 0 1.25rem", listStyle: "none" });
    var where = el("div", "", { font: "bold 14px/1.5 ui-monospace, monospace", color: color });
    where.textContent = p.path ? p.path + (p.line ? ":" + p.line + (p.col ? ":" + p.col : "") : "") : "";
    item.append(where, el("div", p.msg, { margin: "0.15rem 0 0.4rem" }));
    if (p.frame && p.frame.length) {
      var pre = el("pre", "", {
        font: "13px/1.5 ui-monospace, monospace", margin: "0 0 0.4rem", padding: "0.5rem 0.75rem",
        background: "rgba(255,255,255,0.06)", color: "#e4e4e7", overflow: "auto", whiteSpace: "pre"
      });
      pre.className = "dossier-frame";
      var width = String(p.frame[p.frame.length - 1].n).length;
      p.frame.forEach(function (l) {
        var num = String(l.n);
        while (num.length < width) {
          num = " " + num;
        }
        var line = el("div", (l.mark ? "> " : "  ") + num + " | " + l.text, l.mark ? { color: "#fde68a" } : {});
        pre.append(line);
        if (l.mark && p.col) {
          var pad = "";
          for (var i = 0; i < width + 4 + p.col; i++) {
            pad += " ";
          }
          pre.append(el("div", pad + "^", { color: "#fca5a5" }));
        }
      });
      item.append(pre);
    }
    if (p.edit) {
      var a = el("a", "Open in editor", { color: "#93c5fd" });
      a.href = p.edit;
      a.className = "dossier-edit";
      item.append(a);
    }
    return item;
  }

  function show(s) {
    hide();
    var n = s.problems.length;
    box = el("div", "", {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
      background: "rgba(24, 24, 27, 0.96)", color: "#fafafa", padding: "2rem",
      font: "15px/1.5 system-ui, sans-serif", textAlign: "left"
    });
    box.id = "dossier-problems";
    box.setAttribute("role", "alert");
    box.append(el("h2", "Build " + s.failed + " failed: " + n + (n === 1 ? " problem" : " problems"),
      { font: "bold 1.25rem system-ui, sans-serif", margin: "0 0 1rem", color: "#fca5a5" }));
    var list = el("ul", "", { margin: "0 0 1rem", padding: "0" });
    (s.details && s.details.length ? s.details : s.problems.map(function (t) { return { msg: t }; }))
      .forEach(function (p) { list.append(problem(p, "#fca5a5")); });
    box.append(list, el("p", s.build
      ? "Behind this, the page shows the last good build (" + s.number + "). Fix the problems and save: the page reloads when the site builds again."
      : "The site has not built yet. Fix the problems and save: the page reloads when it builds.",
    { margin: "0 0 1rem" }));
    var close = el("button", "Hide", { font: "inherit", padding: "0.25rem 1rem" });
    close.type = "button";
    close.addEventListener("click", hide);
    box.append(close);
    document.body.append(box);
  }

  // warnings shows the last good build's warnings in a corner, folded; a
  // reader may dismiss them until they change.
  function warnings(ws) {
    if (warnBox) {
      warnBox.remove();
      warnBox = null;
    }
    var key = "dossier-warnings:" + ws.map(function (w) { return w.text; }).join("\n");
    if (!ws.length || sessionStorage.getItem(key) === "dismissed") {
      return;
    }
    warnBox = el("details", "", {
      position: "fixed", insetInlineEnd: "1rem", insetBlockEnd: "1rem", zIndex: "2147483646",
      maxWidth: "min(40rem, calc(100vw - 2rem))", maxHeight: "60vh", overflow: "auto",
      background: "#27272a", color: "#fafafa", padding: "0.5rem 1rem", borderRadius: "6px",
      font: "14px/1.5 system-ui, sans-serif", textAlign: "left"
    });
    warnBox.id = "dossier-warnings";
    var sum = el("summary", ws.length + (ws.length === 1 ? " warning" : " warnings") + " in the last build", { cursor: "pointer", color: "#fde68a" });
    var list = el("ul", "", { margin: "0.75rem 0", padding: "0" });
    ws.forEach(function (w) { list.append(problem(w, "#fde68a")); });
    var dismiss = el("button", "Dismiss until they change", { font: "inherit", padding: "0.2rem 0.75rem" });
    dismiss.type = "button";
    dismiss.addEventListener("click", function () {
      sessionStorage.setItem(key, "dismissed");
      warnBox.remove();
      warnBox = null;
    });
    warnBox.append(sum, list, dismiss);
    document.body.append(warnBox);
  }
})();
