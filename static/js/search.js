// search.js: the search box in the header of every page, and the search
// page (/search/, /vi/search/…). Plain JavaScript, no build step, nothing
// inline, no eval: it works under a strict Content-Security-Policy and from
// file://, where it loads the index as <script> files (fetch() of local
// files is refused there).
//
// The index (package search, internal/search/doc.go) is split in shards by
// the first two letters of each word, and its documents in chunks, so a
// query loads meta.js, one shard per word typed and the chunks of the
// results it shows. Words are compared folded: lower case, without marks
// (Vietnamese tones, accents, ё), đ as d, exactly as the Go side (Fold)
// folds them; results that have the marks the reader typed come first.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.URL || !("normalize" in String.prototype)) return;
  var cfg = script.dataset;
  var home = new URL(cfg.home || "./", document.baseURI);
  var dataDir = new URL("search/data/", home);

  // Folding, as internal/search/fold.go.
  var SPECIAL = { "đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ŧ": "t", "ı": "i" };
  var MARKS = /\p{Mn}/gu;
  var WORDCHAR = /[\p{L}\p{M}\p{N}]/u;
  var WORDS = /[\p{L}\p{M}\p{N}]+/gu;
  var HAN = /\p{Script=Han}/u;

  function foldChar(c) {
    if (c < "\x80") return c;
    if (SPECIAL[c]) return SPECIAL[c];
    if (c === "й") return c;
    return c.normalize("NFD").replace(MARKS, "");
  }
  function fold(s) {
    var out = "";
    for (var c of s.toLowerCase()) out += foldChar(c);
    return out;
  }
  function tokens(s) {
    var out = [];
    var push = function (w) { if (w) { w = w.toLowerCase(); out.push({ word: w, key: fold(w) }); } };
    (s.normalize("NFC").match(WORDS) || []).forEach(function (w) {
      var run = "";
      for (var c of w) {
        if (HAN.test(c)) { push(run); run = ""; push(c); } else run += c;
      }
      push(run);
    });
    return out;
  }
  var WHOLE = "="; // as search.Whole
  function shardKey(key) { return Array.from(key.replace(/^=/, "")).slice(0, state.meta.shard).join(""); }
  function fileKey(k) {
    var out = "";
    for (var c of k) out += /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    return out;
  }

  // Loading: each file of the index calls one of these.
  var state = { meta: null, shards: {}, docs: {}, has: null };
  window.dossierSearch = {
    meta: function (m) { state.meta = m; state.has = new Set(m.shards); },
    shard: function (key, terms) { state.shards[key] = decode(terms); },
    docs: function (n, rows) { state.docs[n] = rows; },
    // For the browser tests, which check that Go and this script agree.
    tokens: tokens
  };
  // decode turns a shard's postings into [{key, variants: [{word, docs, scores}]}].
  function decode(terms) {
    var out = [];
    Object.keys(terms).forEach(function (key) {
      var v = terms[key];
      if (Array.isArray(v)) { var o = {}; o[key] = v; v = o; }
      out.push({ key: key, variants: Object.keys(v).map(function (word) {
        var list = v[word], docs = [], scores = [], doc = 0;
        for (var i = 0; i < list.length; i += 2) { doc += list[i]; docs.push(doc); scores.push(list[i + 1]); }
        return { word: word, docs: docs, scores: scores };
      }) });
    });
    return out;
  }
  var loading = {};
  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = new URL(path, dataDir).href;
        s.onload = resolve;
        s.onerror = function () { delete loading[path]; s.remove(); reject(new Error(path)); };
        document.head.appendChild(s);
      });
    }
    return loading[path];
  }
  // loadShards loads the shards of the words of a query; their whole name
  // is in the first word's.
  function loadShards(toks) {
    return load("meta.js").then(function () {
      var keys = toks.map(function (t) { return shardKey(t.key); });
      return Promise.all(keys.filter(function (k) { return state.has.has(k); }).map(function (k) {
        return load("s/" + fileKey(k) + ".js");
      }));
    });
  }
  function loadDocs(ids) {
    var chunks = new Set(ids.map(function (id) { return Math.floor(id / state.meta.chunk); }));
    return Promise.all(Array.from(chunks).map(function (n) { return load("d/" + n + ".js"); }));
  }
  function doc(id) {
    var c = state.meta.chunk, row = state.docs[Math.floor(id / c)][id % c];
    return { id: id, kind: parseInt(state.meta.docs[id], 36), title: row[0], href: row[1], when: row[2], text: row[3], lang: row[4] };
  }

  // match finds the documents that have every word of the query, as a
  // prefix, and ranks them: first by how many of the words the reader typed
  // with marks they write with exactly those marks, then by score. It
  // counts in typed arrays, one slot a document: a query of a dossier of
  // 10,000 events touches tens of thousands of postings.
  function match(toks) {
    var n = state.meta.docs.length;
    var score = new Float64Array(n), exact = new Uint8Array(n), count = new Uint8Array(n);
    var seen = new Int16Array(n).fill(-1), seenExact = new Int16Array(n).fill(-1);
    toks.forEach(function (t, i) {
      eachPosting(t, t.key, true, function (doc, s, ex) {
        score[doc] += s;
        if (seen[doc] !== i) { seen[doc] = i; count[doc]++; }
        if (ex && seenExact[doc] !== i) { seenExact[doc] = i; exact[doc]++; }
      });
    });
    // A whole name typed whole ("lisbon", "saint-louis") counts more.
    var whole = WHOLE + toks.map(function (t) { return t.key; }).join("");
    eachPosting({ word: whole, key: whole }, whole, false, function (doc, s) { score[doc] += s; });
    var ids = [];
    for (var d = 0; d < n; d++) if (count[d] === toks.length) ids.push(d);
    ids.sort(function (a, b) { return exact[b] - exact[a] || score[b] - score[a] || a - b; });
    return ids;
  }
  // eachPosting calls f(doc, score, exact) for every posting of the terms
  // that key begins (or, for a key shorter than a shard key, equals);
  // exact is set where the reader typed marks and the document writes the
  // word with them. Whole names (WHOLE + their words run together) match
  // only whole.
  function eachPosting(t, key, marks, f) {
    var sh = state.shards[shardKey(key)];
    if (!sh) return;
    var marked = marks && t.word !== t.key;
    var one = key[0] === WHOLE || Array.from(key).length < state.meta.shard;
    for (var j = 0; j < sh.length; j++) {
      var term = sh[j];
      if (one ? term.key !== key : term.key.lastIndexOf(key, 0) !== 0 || term.key[0] === WHOLE) continue;
      var w = term.key === key ? 1 : 0.6;
      for (var k = 0; k < term.variants.length; k++) {
        var v = term.variants[k];
        var ex = marked && v.word.lastIndexOf(t.word, 0) === 0;
        for (var i = 0; i < v.docs.length; i++) f(v.docs[i], v.scores[i] * w, ex);
      }
    }
  }

  // Highlighting: the words of the text that begin with a query word,
  // compared folded.
  function ranges(text, keys) {
    var f = "", map = [], i = 0;
    for (var c of text) {
      var fc = fold(c);
      for (var k = 0; k < fc.length; k++) map.push(i);
      f += fc;
      i += c.length;
    }
    map.push(i);
    var out = [];
    keys.forEach(function (key) {
      if (!key) return;
      for (var p = f.indexOf(key); p >= 0; p = f.indexOf(key, p + 1)) {
        if (p > 0 && WORDCHAR.test(f[p - 1]) && !HAN.test(key)) continue;
        var e = p + key.length;
        while (e < f.length && WORDCHAR.test(f[e]) && !HAN.test(f[e])) e++;
        out.push([map[p], map[e]]);
      }
    });
    out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }
  function highlight(el, text, keys, snippet) {
    var rs = ranges(text, keys), start = 0, end = text.length;
    if (snippet) {
      var at = rs.length ? rs[0][0] : 0;
      start = Math.max(0, at - 60);
      if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < at) start = sp + 1; }
      end = Math.min(text.length, start + 200);
      if (end < text.length) { var sp2 = text.lastIndexOf(" ", end); if (sp2 > at) end = sp2; }
      if (start > 0) el.append("… ");
    }
    var pos = start;
    rs.forEach(function (r) {
      if (r[1] <= start || r[0] >= end) return;
      var a = Math.max(r[0], start), b = Math.min(r[1], end);
      if (a > pos) el.append(text.slice(pos, a));
      var m = document.createElement("mark");
      m.textContent = text.slice(a, b);
      el.append(m);
      pos = b;
    });
    if (pos < end) el.append(text.slice(pos, end));
    if (snippet && end < text.length) el.append(" …");
  }

  function msg(key, arg) { return (cfg[key] || "").replace("{0}", arg); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  var boxes = 0;
  // Box is one search box: the header's, whose results pop up under it, or
  // the search page's, whose results fill the page.
  function Box(form) {
    var self = this;
    var n = boxes++;
    this.form = form;
    this.page = form.dataset.search === "page";
    this.input = form.querySelector("input[type=search]");
    this.size = this.page ? 20 : 8;
    this.kind = -1; // the kind shown; -1 for all
    this.ids = [];
    this.active = -1;
    this.seq = 0;
    var input = this.input;
    this.list = el("ul", "search-results");
    this.list.id = "search-results-" + n;
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", input.labels.length ? input.labels[0].textContent : "");
    this.list.hidden = true;
    this.status = form.querySelector("[role=status]");
    this.filters = null;
    if (this.page) {
      this.filters = el("div", "search-filters");
      this.filters.setAttribute("role", "group");
      this.filters.setAttribute("aria-label", msg("filter"));
      this.filters.hidden = true;
      this.more = el("button", "search-more", msg("more"));
      this.more.type = "button";
      this.more.hidden = true;
      this.more.addEventListener("click", function () { self.size += 20; self.render(); });
      form.after(this.filters, this.list, this.more);
    } else {
      // The header's results pop up under it, after a line saying how many.
      this.panel = el("div", "search-popup");
      this.panel.hidden = true;
      this.status = el("p", "search-status");
      this.status.setAttribute("role", "status");
      this.panel.append(this.status, this.list);
      form.append(this.panel);
    }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.search(); }, 60);
    });
    input.addEventListener("focus", function () {
      load("meta.js").catch(function () {});
      if (!self.page && input.value.trim()) self.search();
    });
    input.addEventListener("keydown", function (e) { self.key(e); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      self.go();
    });
    // Keep the focus in the box while the pointer picks a result.
    this.list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    if (!this.page) {
      form.addEventListener("focusout", function (e) {
        if (!form.contains(e.relatedTarget)) self.close();
      });
    }
  }
  Box.prototype.key = function (e) {
    var opts = this.list.querySelectorAll("[role=option]");
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (this.list.hidden || !opts.length) return;
      e.preventDefault();
      var i = this.active + (e.key === "ArrowDown" ? 1 : -1);
      if (i < -1) i = opts.length - 1;
      if (i >= opts.length) i = -1;
      this.select(i);
    } else if (e.key === "Escape") {
      if (!this.page && !this.panel.hidden) { e.preventDefault(); this.close(); }
      else if (this.input.value) { e.preventDefault(); this.input.value = ""; this.search(); }
    }
  };
  Box.prototype.select = function (i) {
    var opts = this.list.querySelectorAll("[role=option]");
    opts.forEach(function (o, j) { o.setAttribute("aria-selected", String(j === i)); });
    this.active = i;
    if (i >= 0) {
      this.input.setAttribute("aria-activedescendant", opts[i].id);
      opts[i].scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };
  // go opens the selected result, or shows every result on the search page.
  Box.prototype.go = function () {
    var opts = this.list.querySelectorAll("[role=option]");
    if (this.active >= 0 && opts[this.active]) {
      window.location.href = opts[this.active].href;
      return;
    }
    var q = this.input.value.trim();
    if (this.page) { this.search(); return; }
    if (q) window.location.href = new URL(this.form.getAttribute("action"), document.baseURI).href + "?q=" + encodeURIComponent(q);
  };
  Box.prototype.close = function () {
    this.panel.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.select(-1);
  };
  Box.prototype.search = function () {
    var self = this, q = this.input.value, seq = ++this.seq;
    this.q = q;
    var toks = tokens(q);
    if (this.page) {
      try {
        var u = new URL(window.location.href);
        if (q.trim()) u.searchParams.set("q", q.trim()); else u.searchParams.delete("q");
        window.history.replaceState(null, "", u.href);
      } catch (err) { /* file:// may refuse; the results still show */ }
    }
    if (!toks.length) { this.show([], ""); return; }
    if (toks.length === 1 && Array.from(toks[0].key).length < 2 && !HAN.test(toks[0].key)) { this.show(null, msg("short")); return; }
    var t0 = performance.now();
    loadShards(toks).then(function () {
      if (seq !== self.seq) return;
      var t1 = performance.now();
      var ids = match(toks);
      performance.measure("dossier-search-match", { start: t1, end: performance.now() });
      self.toks = toks;
      self.kind = -1;
      self.ids = ids;
      self.size = self.page ? 20 : 8;
      return self.render().then(function () {
        performance.measure("dossier-search", { start: t0, end: performance.now() });
      });
    }).catch(function () {
      if (seq === self.seq) self.show(null, msg("error"));
    });
  };
  // render shows the first results of the kind chosen, loading their documents.
  Box.prototype.render = function () {
    var self = this, seq = this.seq, kinds = state.meta.docs;
    var ids = this.kind < 0 ? this.ids : this.ids.filter(function (id) { return parseInt(kinds[id], 36) === self.kind; });
    var shown = ids.slice(0, this.size);
    return loadDocs(shown).then(function () {
      if (seq !== self.seq) return;
      self.show(shown.map(doc), ids.length ? msg("count", ids.length) : msg("none", self.q.trim()), ids.length > shown.length);
    });
  };
  Box.prototype.show = function (docs, status, more) {
    var self = this, list = this.list;
    list.textContent = "";
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    if (this.status.textContent !== status) this.status.textContent = status;
    var keys = (this.toks || []).map(function (t) { return t.key; });
    (docs || []).forEach(function (d, i) {
      var li = el("li");
      li.setAttribute("role", "none");
      var a = el("a", "result");
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.tabIndex = -1;
      a.id = list.id + "-" + i;
      a.href = new URL(d.href, home).href;
      var meta = el("span", "result-meta");
      meta.append(el("span", "result-kind", state.meta.kinds[d.kind][0]));
      if (d.when) meta.append(" · ", el("span", "result-when", d.when));
      var title = el("span", "result-title");
      highlight(title, d.title, keys, false);
      var snip = el("span", "result-snippet");
      highlight(snip, d.text, keys, true);
      if (d.lang) { title.lang = d.lang; snip.lang = d.lang; }
      a.append(meta, title, snip);
      li.append(a);
      list.append(li);
    });
    var open = !!(docs && docs.length);
    list.hidden = !open;
    // The query shown, for tests to wait on.
    this.form.setAttribute("data-shown", this.q);
    this.input.setAttribute("aria-expanded", String(open));
    if (this.page) {
      this.more.hidden = !more;
      this.renderFilters();
    } else {
      this.panel.hidden = !status;
    }
  };
  // renderFilters shows a button per kind of result, with its count.
  Box.prototype.renderFilters = function () {
    var self = this, f = this.filters, counts = {};
    f.textContent = "";
    if (!this.ids.length || !this.input.value.trim()) { f.hidden = true; return; }
    this.ids.forEach(function (id) { var k = state.meta.docs[id]; counts[k] = (counts[k] || 0) + 1; });
    var add = function (kind, label, count) {
      var b = el("button", "search-filter", label + " (" + count + ")");
      b.type = "button";
      b.setAttribute("aria-pressed", String(self.kind === kind));
      b.addEventListener("click", function () { self.kind = kind; self.size = 20; self.render(); });
      f.append(b);
    };
    add(-1, msg("all"), this.ids.length);
    Object.keys(counts).map(function (k) { return parseInt(k, 36); }).sort(function (a, b) { return a - b; }).forEach(function (k) {
      add(k, state.meta.kinds[k][1], counts[k.toString(36)]);
    });
    f.hidden = false;
  };

  var all = Array.from(document.querySelectorAll("form[data-search]")).map(function (f) { return new Box(f); });
  var pageBox = all.filter(function (b) { return b.page; })[0];
  // "/" focuses the search box, unless the reader is typing somewhere.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    var b = pageBox || all[0];
    if (!b) return;
    e.preventDefault();
    b.input.focus();
    b.input.select();
  });
  if (pageBox) {
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      pageBox.input.value = q;
      pageBox.search();
    }
  }
})();

// Printed pages say when they were printed: the footer's "Retrieved from"
// line gains the date, in the page's language, just before printing.
(function () {
  "use strict";
  var line = document.querySelector(".print-only[data-printed]");
  if (!line) {
    return;
  }
  var base = line.textContent;
  window.addEventListener("beforeprint", function () {
    var date = new Date().toLocaleDateString(document.documentElement.lang || undefined, { year: "numeric", month: "long", day: "numeric" });
    line.textContent = base + " " + line.getAttribute("data-printed").replace("{0}", date);
  });
})();
