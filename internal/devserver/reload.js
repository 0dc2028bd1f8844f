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
  var events = new EventSource(new URL("events", script.src));
  var box = null;

  events.addEventListener("state", function (e) {
    var s = JSON.parse(e.data);
    if (s.build && s.build !== page) {
      events.close();
      location.reload();
      return;
    }
    if (s.problems && s.problems.length) {
      show(s);
    } else {
      hide();
    }
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

  function show(s) {
    hide();
    var n = s.problems.length;
    box = el("div", "", {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
      background: "rgba(24, 24, 27, 0.94)", color: "#fafafa", padding: "2rem",
      font: "15px/1.5 system-ui, sans-serif", textAlign: "left"
    });
    box.id = "dossier-problems";
    box.setAttribute("role", "alert");
    box.append(
      el("h2", "Build " + s.failed + " failed: " + n + (n === 1 ? " problem" : " problems"),
        { font: "bold 1.25rem system-ui, sans-serif", margin: "0 0 1rem", color: "#fca5a5" }),
      el("pre", s.problems.join("\n"), {
        font: "14px/1.6 ui-monospace, monospace", whiteSpace: "pre-wrap",
        margin: "0 0 1rem", color: "#fafafa", background: "none"
      }),
      el("p", s.build
        ? "Behind this, the page shows the last good build (" + s.number + "). Fix the problems and save: the page reloads when the site builds again."
        : "The site has not built yet. Fix the problems and save: the page reloads when it builds.",
        { margin: "0 0 1rem" })
    );
    var close = el("button", "Hide", { font: "inherit", padding: "0.25rem 1rem" });
    close.type = "button";
    close.addEventListener("click", hide);
    box.append(close);
    document.body.append(box);
  }
})();
