// Live reload for `dossier serve`. Only the preview server serves this file,
// and only the pages it serves refer to it; `dossier build` never does.
//
// The page knows the build it comes from (data-build on this script). The
// server sends its state when the page connects and whenever a build ends:
// the build it now serves, and the problems of the latest build if that
// build failed. The page reloads as soon as the server serves another build
// than the page's, so it lands on the build its change started; while the
// latest build is broken, it lists the problems over the page, and the next
// good build clears them by reloading.
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
  // The page tells the server where it is: the server lays out the pages
  // open in a browser first after a save.
  var url = new URL("events", script.src);
  url.searchParams.set("page", location.pathname);
  var events = new EventSource(url);
  var box = null;

  events.addEventListener("state", function (e) {
    var s = JSON.parse(e.data);
    if (s.build && s.build !== page) {
      events.close();
      // After a change to one page's file, go to that page (unless the
      // server was started with -stay); otherwise reload this one.
      var here = location.pathname + location.hash;
      if (s.open && s.open !== here) {
        location.href = s.open;
      } else {
        location.reload();
      }
      return;
    }
    if (s.problems && s.problems.length) {
      show(s);
    } else {
      hide();
    }
    warnings(s.warnings || []);
  });

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
  var warnBox = null;
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
