// timeline.js: the timeline's views and filters, added to pages that work
// without it. Plain JavaScript, no build step, nothing inline, no eval: it
// works under a strict Content-Security-Policy and from file://.
//
// Without this script the compact view is its own page and each filter is
// a link to the page that lists its events (an entity's, a source's, a
// tag's). With it:
//   - the view links switch the page in place, and the choice is
//     remembered (localStorage) for the next timeline page;
//   - a filter link narrows the list to the events that match it (their
//     data-f keys, computed by package site), says how many it shows, and
//     "Show all" brings back the rest;
//   - a link to an event or a day in the collapsed background opens it.
(function () {
  "use strict";
  var root = document.querySelector(".timeline[data-view]");
  if (!root) return;
  var KEY = "dossier.timeline.view";
  function remember(v) { try { localStorage.setItem(KEY, v); } catch (e) { /* storage refused: nothing to remember */ } }
  function remembered() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }

  // Views.
  var viewLinks = root.querySelectorAll(".views a[data-view]");
  function show(view) {
    root.classList.toggle("is-compact", view === "compact");
    viewLinks.forEach(function (a) {
      if (a.dataset.view === view) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
  }
  var full = root.dataset.view === "full";
  if (full && remembered() === "compact") show("compact");
  viewLinks.forEach(function (a) {
    a.addEventListener("click", function (ev) {
      remember(a.dataset.view);
      // The full page holds everything the compact view shows: switch in
      // place. The compact page lacks the summaries: follow the link.
      if (full) {
        ev.preventDefault();
        show(a.dataset.view);
      }
    });
  });

  // Filters.
  var links = root.querySelectorAll(".filters a[data-f]");
  var status = root.querySelector(".filter-status");
  var clear = root.querySelector(".filter-clear");
  var help = root.querySelector(".filter-help");
  var events = root.querySelectorAll(".event[data-f]");
  var background = root.querySelector(".background-events");
  if (links.length && status && clear) {
    if (help && help.dataset.js) help.textContent = help.dataset.js;
    var apply = function (link) {
      var key = link ? " " + link.dataset.f + " " : "";
      events.forEach(function (e) {
        e.hidden = key !== "" && (" " + e.dataset.f + " ").indexOf(key) < 0;
      });
      root.querySelectorAll(".day").forEach(function (d) {
        d.hidden = !d.querySelector(".event:not([hidden])");
      });
      if (background) {
        var any = !!background.querySelector(".event:not([hidden])");
        background.closest("section").hidden = !any;
        if (link && any) background.open = true;
      }
      links.forEach(function (a) { a.setAttribute("aria-pressed", a === link ? "true" : "false"); });
      status.textContent = link ? link.dataset.status : "";
      root.classList.toggle("is-filtered", !!link);
      clear.hidden = !link;
    };
    links.forEach(function (a) {
      a.setAttribute("role", "button");
      a.setAttribute("aria-pressed", "false");
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        apply(a.getAttribute("aria-pressed") === "true" ? null : a);
      });
      // A link that acts as a button also answers the space bar.
      a.addEventListener("keydown", function (ev) {
        if (ev.key === " ") { ev.preventDefault(); a.click(); }
      });
    });
    // Clearing hides the button that had the focus: give it back to the
    // filter that was applied.
    clear.addEventListener("click", function () {
      var was = root.querySelector('.filters a[aria-pressed="true"]');
      apply(null);
      if (was) was.focus();
    });
  }

  // A fragment inside the collapsed background opens it.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    var d = el && el.closest("details");
    if (d && !d.open) {
      d.open = true;
      el.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();
