// timeline.js: the timeline's views and filters, added to pages that work
// without it. Plain JavaScript, no build step, nothing inline, no eval: it
// works under a strict Content-Security-Policy and from file://.
//
// Without this script the compact view is its own page and each filter is
// a link to the page that lists its events (an entity's, a source's, a
// tag's). With it:
//   - the view links switch the page in place, and the choice is
//     remembered (localStorage) for the next timeline page;
//   - the filter links become toggles: the list keeps the events that
//     match every filter chosen (their data-f keys, computed by package
//     site), says how many of how many it shows, lists the filters applied
//     (each a button that takes it off) and "Show all events" clears them;
//     each filter's number becomes how many of the events shown it has;
//   - the filters chosen are the page's address (?f=e:harbour-town&f=t:talks),
//     so that a filtered view can be shared, and reload, back and forward
//     bring it back;
//   - on a page of a split timeline, the first filter loads the filter
//     index of the whole timeline (timeline/filters.js), by which the
//     count is the whole timeline's and the other parts that have events
//     it keeps are linked, with the filters in their address;
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
  var state = root.querySelector(".filter-state");
  var status = root.querySelector(".filter-status");
  var clear = root.querySelector(".filter-clear");
  var active = root.querySelector(".filter-active");
  var elsewhere = root.querySelector(".filter-elsewhere");
  var help = root.querySelector(".filter-help");
  var events = root.querySelectorAll(".event");
  var background = root.querySelector(".background-events");
  if (links.length && state && status && clear && active && window.URL) {
    if (help && help.dataset.js) help.textContent = help.dataset.js;
    var text = state.dataset;
    var digits = Array.from(text.digits || "0123456789");
    var num = function (n) { return String(n).replace(/[0-9]/g, function (d) { return digits[d]; }); };
    var fill = function (tpl, n) { return tpl.replace("{0}", n); };
    var byKey = {};
    links.forEach(function (a) { byKey[a.dataset.f] = a; });
    var chosen = [];

    // The filter index of a split timeline, loaded at the first filter.
    var index = null, indexState = root.dataset.index ? "" : "none";
    var indexURL = root.dataset.index ? new URL(root.dataset.index, document.baseURI) : null;
    var loadIndex = function () {
      if (indexState !== "") return;
      indexState = "loading";
      window.dossierTimelineIndex = function (data) {
        // Each key's events are gaps from the one before: add them up.
        Object.keys(data.keys).forEach(function (k) {
          var at = -1;
          data.keys[k].e = data.keys[k].e.map(function (gap) { return (at += gap); });
        });
        index = data;
        indexState = "loaded";
        apply(chosen, null);
      };
      var s = document.createElement("script");
      s.src = indexURL.href;
      s.onerror = function () { indexState = "failed"; apply(chosen, null); };
      document.head.appendChild(s);
    };
    // matchesByPart counts the events of the whole timeline that every key
    // matches, by part.
    var matchesByPart = function (keys) {
      var hits = new Uint16Array(index.part.length), perPart = index.labels.map(function () { return 0; });
      keys.forEach(function (k) {
        (index.keys[k] ? index.keys[k].e : []).forEach(function (i) {
          if (++hits[i] === keys.length) perPart[index.part[i]]++;
        });
      });
      return perPart;
    };

    // The address: ?f= once per key, the colon kept as it reads.
    var query = function (keys) {
      return keys.map(function (k) { return "f=" + encodeURIComponent(k).replace(/%3A/g, ":"); }).join("&");
    };
    var withKeys = function (href, keys) {
      var u = new URL(href, document.baseURI);
      var others = u.search.slice(1).split("&").filter(function (p) { return p && p.split("=")[0] !== "f"; });
      var q = others.concat(keys.length ? [query(keys)] : []).join("&");
      u.search = q ? "?" + q : "";
      return u.href;
    };
    var fromAddress = function () {
      var seen = {};
      return new URLSearchParams(location.search).getAll("f").filter(function (k) {
        if (!k || seen[k]) return false;
        seen[k] = true;
        return true;
      });
    };
    // Links that leave for the same list in another view or part carry
    // the filters with them.
    var carriers = root.querySelectorAll(".views a[data-view]");
    var others = document.querySelectorAll(".prevnext a");
    var carry = function (keys) {
      [carriers, others].forEach(function (list) {
        list.forEach(function (a) {
          if (!a.dataset.href) a.dataset.href = a.getAttribute("href");
          a.href = keys.length ? withKeys(a.dataset.href, keys) : a.dataset.href;
        });
      });
    };

    var name = function (k) {
      var a = byKey[k];
      if (a) return a.querySelector("span").textContent;
      return index && index.keys[k] ? index.keys[k].t : k;
    };

    // apply shows the events that match every key, and says so; how is
    // "push" for a reader's choice (a step back and forward), "replace"
    // or null to leave the address.
    var apply = function (keys, how) {
      chosen = keys;
      var on = keys.length > 0;
      if (on && indexState === "") loadIndex();
      var shown = 0;
      events.forEach(function (e) {
        var f = " " + (e.dataset.f || "") + " ";
        var ok = keys.every(function (k) { return f.indexOf(" " + k + " ") >= 0; });
        e.hidden = !ok;
        if (ok) shown++;
      });
      root.querySelectorAll(".day").forEach(function (d) {
        d.hidden = !d.querySelector(".event:not([hidden])");
      });
      if (background) {
        var any = !!background.querySelector(".event:not([hidden])");
        background.closest("section").hidden = !any;
        if (on && any) background.open = true;
      }
      // Each filter counts the events of the page it would keep, with
      // those chosen; one that would keep none says 0 and is dashed.
      var tally = {};
      if (on) {
        events.forEach(function (e) {
          if (e.hidden) return;
          (e.dataset.f || "").split(" ").forEach(function (k) { tally[k] = (tally[k] || 0) + 1; });
        });
      }
      links.forEach(function (a) {
        a.setAttribute("aria-pressed", keys.indexOf(a.dataset.f) >= 0 ? "true" : "false");
        var n = a.querySelector(".filter-n");
        if (!n) return;
        if (n.dataset.all === undefined) n.dataset.all = n.textContent;
        n.textContent = on ? num(tally[a.dataset.f] || 0) : n.dataset.all;
        a.classList.toggle("is-none", on && !tally[a.dataset.f]);
      });

      // What it shows: of the page, or of the whole timeline.
      var said = "";
      if (elsewhere) elsewhere.hidden = true;
      if (on && indexState === "loaded") {
        var perPart = matchesByPart(keys), here = +root.dataset.part, total = 0;
        perPart.forEach(function (n) { total += n; });
        said = fill(text.count, num(total)) + " (" + fill(text.here, num(shown)) + ")";
        if (elsewhere) {
          var list = elsewhere.querySelector("ul");
          list.textContent = "";
          perPart.forEach(function (n, i) {
            if (!n || i === here) return;
            var li = document.createElement("li"), a = document.createElement("a");
            a.href = withKeys(new URL(index.parts[i][root.dataset.view === "compact" ? 1 : 0], indexURL).href, keys);
            a.textContent = index.labels[i] + " (" + num(n) + ")";
            li.appendChild(a);
            list.appendChild(li);
          });
          elsewhere.hidden = !list.firstChild;
        }
      } else if (on && indexState !== "loading") {
        said = fill(text.pageCount || text.count, num(shown));
      }
      // While the index loads, the status waits for the whole count.
      if (status.textContent !== said) status.textContent = said;

      active.textContent = "";
      keys.forEach(function (k) {
        var li = document.createElement("li"), b = document.createElement("button");
        b.type = "button";
        b.dataset.f = k;
        b.textContent = name(k);
        b.setAttribute("aria-label", fill(text.remove, name(k)));
        b.addEventListener("click", function () {
          var rest = chosen.filter(function (x) { return x !== k; });
          apply(rest, "push");
          var next = active.querySelector("button") || byKey[k] || clear;
          if (next && next.getClientRects().length) next.focus();
        });
        li.appendChild(b);
        active.appendChild(li);
      });
      active.hidden = !on;
      root.classList.toggle("is-filtered", on);
      clear.hidden = !on;
      carry(keys);
      if (how) {
        var url = withKeys(location.href, keys);
        try {
          if (how === "push") history.pushState({ filters: keys }, "", url);
          else history.replaceState({ filters: keys }, "", url);
        } catch (e) { /* an address the browser will not set (some file:// pages): the filters still apply */ }
      }
    };

    links.forEach(function (a) {
      a.setAttribute("role", "button");
      a.setAttribute("aria-pressed", "false");
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        var k = a.dataset.f;
        var keys = chosen.indexOf(k) >= 0 ? chosen.filter(function (x) { return x !== k; }) : chosen.concat([k]);
        apply(keys, "push");
      });
      // A link that acts as a button also answers the space bar.
      a.addEventListener("keydown", function (ev) {
        if (ev.key === " ") { ev.preventDefault(); a.click(); }
      });
    });
    // Clearing hides the button that had the focus: give it to the first
    // filter that was applied.
    clear.addEventListener("click", function () {
      var was = root.querySelector('.filters a[aria-pressed="true"]');
      apply([], "push");
      if (was && was.getClientRects().length) was.focus();
    });
    window.addEventListener("popstate", function () { apply(fromAddress(), null); });
    var initial = fromAddress();
    if (initial.length) apply(initial, null);
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
