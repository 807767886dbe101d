/* MovieVault library browser: facets, sort, search and a batched poster grid over
   api/library-index.json (see movievault_build/site/library_index.py for its shape).
   The whole state lives in the query string, so links share it and back/forward walk it. */
(function () {
  "use strict";
  if (window.mvLibrary) { window.mvLibrary.start(); return; }   // re-run by instant navigation

  var FIRST_BATCH = 60, BATCH = 120, TYPING_MS = 200;
  var LIST_FACETS = { g: "genres", res: "resolutions", src: "sources", c: "collections", tag: "tags",
                      hdr: "hdr", audio: "audio", sub: "subtitles" };
  // Facets a movie has several values of (arrays of table indexes); the rest hold one (index + 1, 0 = none).
  var MULTI = { g: "genres", tag: "tags", audio: "audio", sub: "subs" };
  var LANGUAGE_FACETS = { audio: true, sub: true };
  var RANGES = ["y", "r", "t"];
  var SORTS = { title: null, year: "year", rating: "rating", runtime: "runtime", added: "added" };
  var WATCHED = 1, FAVOURITE = 2, MISSING = 4;
  var indexes = {};      // index URL -> promise of prepared data (loaded once per session)
  var ui = null;         // the page currently shown

  // ---- data -----------------------------------------------------------------------------

  function loadIndex(url) {
    if (!indexes[url]) {
      indexes[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("library index: HTTP " + r.status);
        return r.text();
      }).then(function (text) { return timed("mv-prepare", prepare, timed("mv-parse", JSON.parse, text)); });
      indexes[url].catch(function () { delete indexes[url]; });
    }
    return indexes[url];
  }

  /** Runs fn(arg) and records its duration (the benchmark reads these measures). */
  function timed(name, fn, arg) {
    var t0 = performance.now(), out = fn(arg);
    performance.measure(name, { start: t0, end: performance.now() });
    return out;
  }

  /** Column arrays (typed where numeric) so filters and sorts touch flat memory only. */
  function prepare(doc) {
    var f = {}, rows = doc.movies, n = rows.length;
    doc.fields.forEach(function (name, i) { f[name] = i; });
    var d = {
      n: n, doc: doc, slug: new Array(n), title: new Array(n), orig: new Array(n), url: new Array(n),
      poster: new Array(n), genres: new Array(n), directors: new Array(n), cast: new Array(n), tags: new Array(n),
      audio: new Array(n), subs: new Array(n), hdr: new Uint8Array(n),
      year: new Int16Array(n), rating: new Uint8Array(n), runtime: new Uint16Array(n), added: new Int32Array(n),
      c: new Uint16Array(n), res: new Uint8Array(n), src: new Uint8Array(n), flags: new Uint8Array(n),
      bySlug: new Map(), orders: {}, norms: null
    };
    for (var i = 0; i < n; i++) {
      var r = rows[i], slug = r[f.slug];
      d.slug[i] = slug; d.title[i] = r[f.title]; d.orig[i] = r[f.original_title] || "";
      d.url[i] = r[f.url] || doc.url.replace("{slug}", slug);
      var p = r[f.poster];
      d.poster[i] = p === 1 ? doc.poster.replace("{slug}", slug) : (p || "");
      d.genres[i] = r[f.genres]; d.directors[i] = r[f.directors]; d.cast[i] = r[f.cast]; d.tags[i] = r[f.tags];
      d.year[i] = r[f.year]; d.rating[i] = r[f.rating10]; d.runtime[i] = r[f.runtime]; d.added[i] = r[f.added];
      d.c[i] = r[f.collection]; d.res[i] = r[f.resolution]; d.src[i] = r[f.source]; d.flags[i] = r[f.flags];
      d.hdr[i] = r[f.hdr] || 0; d.audio[i] = r[f.audio] || []; d.subs[i] = r[f.subtitles] || [];
      d.bySlug.set(slug, i);
    }
    return d;
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /** Case- and accent-free copies for search, made on first need (or when the page is idle). */
  function norms(d) {
    if (!d.norms) {
      var t = new Array(d.n);
      for (var i = 0; i < d.n; i++) t[i] = fold(d.orig[i] ? d.title[i] + "\n" + d.orig[i] : d.title[i]);
      d.norms = { titles: t, people: d.doc.people.map(fold) };
    }
    return d.norms;
  }

  /** Every movie's position in one sort order; unknown values (0) go last either way. */
  function order(d, sort) {
    if (d.orders[sort]) return d.orders[sort];
    var desc = /-desc$/.test(sort), key = SORTS[sort.replace(/-desc$/, "")], all = new Int32Array(d.n);
    for (var i = 0; i < d.n; i++) all[i] = desc && !key ? d.n - 1 - i : i;
    if (key) {
      var v = d[key];
      all.sort(function (a, b) {
        if (!v[a] !== !v[b]) return v[a] ? -1 : 1;
        return (desc ? v[b] - v[a] : v[a] - v[b]) || a - b;
      });
    }
    return (d.orders[sort] = all);
  }

  // ---- state <-> query string ---------------------------------------------------------------

  function emptyState() {
    var s = { q: "", sort: "title", view: "grid", w: "", fav: false };
    Object.keys(LIST_FACETS).forEach(function (k) { s[k] = []; });
    RANGES.forEach(function (k) { s[k] = ["", ""]; });
    return s;
  }

  function parseState(search) {
    var p = new URLSearchParams(search), s = emptyState();
    s.q = p.get("q") || "";
    var sort = p.get("sort") || "title";
    s.sort = Object.prototype.hasOwnProperty.call(SORTS, sort.replace(/-desc$/, "")) ? sort : "title";
    s.view = p.get("view") === "list" ? "list" : "grid";
    s.w = ["0", "1"].indexOf(p.get("w")) >= 0 ? p.get("w") : "";
    s.fav = p.get("fav") === "1";
    Object.keys(LIST_FACETS).forEach(function (k) { s[k] = p.getAll(k); });
    RANGES.forEach(function (k) {
      var m = /^([\d.]*)-([\d.]*)$/.exec(p.get(k) || "");
      if (m) s[k] = [m[1], m[2]];
    });
    return s;
  }

  function queryString(s) {
    var p = new URLSearchParams();
    if (s.q) p.set("q", s.q);
    Object.keys(LIST_FACETS).forEach(function (k) { s[k].forEach(function (v) { p.append(k, v); }); });
    RANGES.forEach(function (k) { if (s[k][0] || s[k][1]) p.set(k, s[k][0] + "-" + s[k][1]); });
    if (s.w) p.set("w", s.w);
    if (s.fav) p.set("fav", "1");
    if (s.sort !== "title") p.set("sort", s.sort);
    if (s.view !== "grid") p.set("view", s.view);
    var q = p.toString();
    return q ? "?" + q : "";
  }

  function activeFilters(s) {
    var count = (s.q ? 1 : 0) + (s.w ? 1 : 0) + (s.fav ? 1 : 0);
    Object.keys(LIST_FACETS).forEach(function (k) { count += s[k].length; });
    RANGES.forEach(function (k) { if (s[k][0] || s[k][1]) count++; });
    return count;
  }

  // ---- filtering ------------------------------------------------------------------------------

  function bounds(pair, scale) {
    if (pair[0] === "" && pair[1] === "") return null;
    var lo = pair[0] === "" ? -Infinity : parseFloat(pair[0]) * scale;
    var hi = pair[1] === "" ? Infinity : parseFloat(pair[1]) * scale;
    return isNaN(lo) || isNaN(hi) ? null : [lo, hi];
  }

  /** Table names -> a lookup of their indexes (+ offset) for one list facet. */
  function picked(d, facet, names, offset) {
    if (!names.length) return null;
    var table = d.doc[LIST_FACETS[facet]], set = new Uint8Array(table.length + offset);
    names.forEach(function (name) {
      var at = table.indexOf(name);
      if (at >= 0) set[at + offset] = 1;
    });
    return set;
  }

  function anyIn(list, set) {
    for (var j = 0; j < list.length; j++) if (set[list[j]]) return true;
    return false;
  }

  /** A per-token test: title words, or any director or top-billed cast member. */
  function searcher(d, q) {
    var tokens = fold(q).split(/\s+/).filter(Boolean);
    if (!tokens.length) return null;
    var nm = norms(d);
    var people = tokens.map(function (tok) {
      var hit = new Uint8Array(nm.people.length);
      for (var i = 0; i < nm.people.length; i++) if (nm.people[i].indexOf(tok) >= 0) hit[i] = 1;
      return hit;
    });
    return function (i) {
      for (var t = 0; t < tokens.length; t++) {
        if (nm.titles[i].indexOf(tokens[t]) < 0 && !anyIn(d.directors[i], people[t]) && !anyIn(d.cast[i], people[t])) {
          return false;
        }
      }
      return true;
    };
  }

  function matcher(d, s) {
    var y = bounds(s.y, 1), r = bounds(s.r, 10), t = bounds(s.t, 1);
    // Within a facet any checked value will do; every facet with a checked value must hold.
    var lists = [];
    Object.keys(LIST_FACETS).forEach(function (k) {
      var set = picked(d, k, s[k], MULTI[k] ? 0 : 1);
      if (set) lists.push({ col: d[MULTI[k] || k], multi: !!MULTI[k], set: set });
    });
    var text = searcher(d, s.q), w = s.w, fav = s.fav;
    return function (i) {
      if (y && (!d.year[i] || d.year[i] < y[0] || d.year[i] > y[1])) return false;
      if (r && (!d.rating[i] || d.rating[i] < r[0] || d.rating[i] > r[1])) return false;
      if (t && (!d.runtime[i] || d.runtime[i] < t[0] || d.runtime[i] > t[1])) return false;
      if (w && ((d.flags[i] & WATCHED) ? "1" : "0") !== w) return false;
      if (fav && !(d.flags[i] & FAVOURITE)) return false;
      for (var k = 0; k < lists.length; k++) {
        var l = lists[k];
        if (l.multi ? !anyIn(l.col[i], l.set) : !l.set[l.col[i]]) return false;
      }
      return !text || text(i);
    };
  }

  function results(d, s) {
    var test = matcher(d, s), all = order(d, s.sort), out = [];
    for (var k = 0; k < all.length; k++) if (test(all[k])) out.push(all[k]);
    return out;
  }

  // ---- cards ----------------------------------------------------------------------------------

  function runtimeText(min) {
    var h = Math.floor(min / 60), m = min % 60;
    return h ? h + " h " + (m < 10 ? "0" : "") + m + " min" : m + " min";
  }

  function metaText(d, i) {
    var parts = [];
    if (d.runtime[i]) parts.push(runtimeText(d.runtime[i]));
    if (d.rating[i]) parts.push("★ " + (d.rating[i] / 10).toFixed(1));
    if (d.genres[i].length) parts.push(d.genres[i].map(function (g) { return d.doc.genres[g]; }).join(", "));
    return parts.join(" · ");
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  /** The same markup as the server-rendered card (library.html), plus list-view facts. */
  function makeCard(page, i) {
    var d = page.data, li = el("li", "mv-card" + (d.flags[i] & MISSING ? " mv-card--missing" : ""));
    li.dataset.slug = d.slug[i];
    var a = el("a");
    a.href = page.base + encodeURI(d.url[i]);
    if (d.poster[i]) {
      var img = el("img", "mv-poster");
      img.alt = ""; img.width = 200; img.height = 300; img.loading = "lazy"; img.decoding = "async";
      img.src = page.base + encodeURI(d.poster[i]);
      a.appendChild(img);
    } else {
      var none = el("span", "mv-poster mv-poster--none", d.title[i]);
      none.setAttribute("aria-hidden", "true");
      a.appendChild(none);
    }
    a.appendChild(el("span", "mv-card__title", d.title[i]));
    if (d.year[i]) a.appendChild(el("span", "mv-card__year", String(d.year[i])));
    li.appendChild(a);
    return withMeta(page, li, i);
  }

  function withMeta(page, li, i) {
    if (!li.querySelector(".mv-card__meta")) li.firstElementChild.appendChild(el("span", "mv-card__meta", metaText(page.data, i)));
    return li;
  }

  function card(page, i) {
    var li = page.cards.get(i);
    if (!li) {
      li = page.served.get(page.data.slug[i]);
      li = li ? withMeta(page, li, i) : makeCard(page, i);
      page.cards.set(i, li);
    }
    return li;
  }

  function appendBatch(page, size) {
    var end = Math.min(page.rendered + size, page.list.length), frag = document.createDocumentFragment();
    for (var k = page.rendered; k < end; k++) frag.appendChild(card(page, page.list[k]));
    page.grid.appendChild(frag);
    page.rendered = end;
  }

  // ---- the page -------------------------------------------------------------------------------

  function render(page) {
    var t0 = performance.now(), s = page.state;
    page.list = results(page.data, s);
    page.rendered = 0;
    page.grid.replaceChildren();
    appendBatch(page, FIRST_BATCH);
    page.grid.classList.toggle("mv-grid--list", s.view === "list");
    page.$("#mv-empty").hidden = page.list.length > 0;
    var total = page.data.n, shown = page.list.length, noun = total === 1 ? " movie" : " movies";
    page.$("#mv-count").textContent = shown === total && !activeFilters(s) ? total + noun : shown + " of " + total + noun;
    var active = activeFilters(s);
    page.$("#mv-active").textContent = active ? "(" + active + ")" : "";
    rearm(page);
    performance.measure("mv-render", { start: t0, end: performance.now() });
  }

  /** Re-observing makes the observer report again, so a tall screen keeps filling. */
  function rearm(page) {
    page.observer.unobserve(page.more);
    if (page.rendered < page.list.length) page.observer.observe(page.more);
  }

  function writeControls(page) {
    var s = page.state;
    page.$("#mv-q").value = s.q;
    page.$("#mv-sort").value = s.sort;
    page.$("#mv-w").value = s.w;
    page.$("#mv-fav").checked = s.fav;
    page.root.querySelectorAll(".mv-view").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.view === s.view));
    });
    page.root.querySelectorAll("input[data-range]").forEach(function (input) {
      input.value = s[input.dataset.range][+input.dataset.end];
    });
    page.root.querySelectorAll("fieldset[data-facet] input").forEach(function (box) {
      box.checked = s[box.name].indexOf(box.value) >= 0;
    });
    var decade = /^\d{3}0$/.test(s.y[0]) && +s.y[1] === +s.y[0] + 9 ? s.y[0] : "";
    page.$("#mv-decade").value = decade;
  }

  function readControls(page) {
    var s = emptyState();
    s.q = page.$("#mv-q").value.trim();
    s.sort = page.$("#mv-sort").value;
    s.view = page.state.view;
    s.w = page.$("#mv-w").value;
    s.fav = page.$("#mv-fav").checked;
    page.root.querySelectorAll("input[data-range]").forEach(function (input) {
      s[input.dataset.range][+input.dataset.end] = input.value.trim();
    });
    page.root.querySelectorAll("fieldset[data-facet] input:checked").forEach(function (box) {
      s[box.name].push(box.value);
    });
    return s;
  }

  /** Typing keeps rewriting one history entry; any other change adds one (back undoes it). */
  function commit(page, kind) {
    var qs = queryString(page.state);
    if (qs === location.search) return;
    var url = location.pathname + qs + location.hash;
    if (kind && kind === page.lastKind) history.replaceState(history.state, "", url);
    else history.pushState({ mvLibrary: true }, "", url);
    page.lastKind = kind;
  }

  function update(page, kind) {
    page.state = readControls(page);
    render(page);
    commit(page, kind);
  }

  function buildFacetLists(page) {
    var d = page.data;
    Object.keys(LIST_FACETS).forEach(function (facet) {
      var box = page.root.querySelector('fieldset[data-facet="' + facet + '"]');
      var table = d.doc[LIST_FACETS[facet]], counts = facetCounts(d, facet, table.length);
      var frag = document.createDocumentFragment();
      table.forEach(function (name, at) {
        var label = el("label", "mv-check"), input = el("input");
        input.type = "checkbox"; input.name = facet; input.value = name;
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + facetLabel(d, facet, name) + " "));
        label.appendChild(el("span", "mv-facet__n", String(counts[at])));
        frag.appendChild(label);
      });
      box.querySelector(".mv-facet__options").replaceChildren(frag);
      box.hidden = table.length === 0;
    });
    var decades = page.$("#mv-decade"), lo = Infinity, hi = -Infinity;
    for (var i = 0; i < d.n; i++) if (d.year[i]) { lo = Math.min(lo, d.year[i]); hi = Math.max(hi, d.year[i]); }
    for (var dec = Math.floor(lo / 10) * 10; dec <= hi; dec += 10) {
      var opt = el("option", null, dec + "s"); opt.value = String(dec); decades.appendChild(opt);
    }
  }

  /** What a checkbox says: languages by name ("German"), everything else as stored. */
  function facetLabel(d, facet, name) {
    return LANGUAGE_FACETS[facet] && d.doc.language_names && d.doc.language_names[name] || name;
  }

  /** How many movies each facet value has, over the whole library. */
  function facetCounts(d, facet, size) {
    var counts = new Uint32Array(size), col = MULTI[facet] && d[MULTI[facet]], i, j;
    if (col) {
      for (i = 0; i < d.n; i++) for (j = 0; j < col[i].length; j++) counts[col[i][j]]++;
    } else {
      col = d[facet];                                   // single-valued: index + 1, 0 = none
      for (i = 0; i < d.n; i++) if (col[i]) counts[col[i] - 1]++;
    }
    return counts;
  }

  function bind(page) {
    var timer = 0, root = page.root;
    function typed(kind) {
      clearTimeout(timer);
      timer = setTimeout(function () { update(page, kind); }, TYPING_MS);
    }
    page.$("#mv-q").addEventListener("input", function () { typed("mv-q"); });
    root.querySelectorAll("input[data-range]").forEach(function (input) {
      input.addEventListener("input", function () { typed(input.id); });
    });
    page.$("#mv-facets").addEventListener("submit", function (ev) { ev.preventDefault(); });
    root.addEventListener("change", function (ev) {
      var target = ev.target;
      if (target.id === "mv-q" || target.dataset.range) { clearTimeout(timer); update(page, target.id); return; }
      if (target.id === "mv-decade") {
        page.$("#mv-y-min").value = target.value;
        page.$("#mv-y-max").value = target.value ? +target.value + 9 : "";
      }
      update(page, null);
    });
    root.querySelectorAll(".mv-view").forEach(function (button) {
      button.addEventListener("click", function () {
        page.state.view = button.dataset.view;
        writeControls(page);
        render(page);
        commit(page, null);
      });
    });
    page.$("#mv-clear").addEventListener("click", function () {
      var view = page.state.view, sort = page.state.sort;
      page.state = emptyState(); page.state.view = view; page.state.sort = sort;
      writeControls(page); render(page); commit(page, null);
    });
    page.observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { appendBatch(page, BATCH); rearm(page); }
    }, { rootMargin: "800px 0px" });
  }

  function onPopState() {
    if (!ui || !document.body.contains(ui.root)) return;
    ui.state = parseState(location.search);
    ui.lastKind = null;
    writeControls(ui);
    render(ui);
  }

  function start() {
    var root = document.getElementById("mv-library");
    if (!root || root.dataset.state) return;
    root.dataset.state = "loading";
    var page = {
      root: root, grid: root.querySelector("#mv-grid"), more: root.querySelector("#mv-more"),
      base: new URL(root.dataset.base || "../", location.href).href, cards: new Map(), served: new Map(),
      list: [], rendered: 0, lastKind: null,
      $: function (sel) { return root.querySelector(sel); }
    };
    root.querySelectorAll("#mv-grid > .mv-card").forEach(function (li) { page.served.set(li.dataset.slug, li); });
    loadIndex(new URL(root.dataset.index, location.href).href).then(function (data) {
      if (document.body.contains(root)) timed("mv-start", show, data);
    }).catch(function (err) {
      root.dataset.state = "failed";   // the server-rendered grid stays usable
      console.warn("MovieVault library:", err);
    });

    function show(data) {
      page.data = data;
      page.state = parseState(location.search);
      buildFacetLists(page);
      bind(page);
      writeControls(page);
      page.$("#mv-bar").hidden = false;
      var panel = page.$("#mv-panel");
      panel.hidden = false;
      if (window.matchMedia("(max-width: 44.9375em)").matches) panel.open = false;
      ui = page;
      render(page);
      root.dataset.state = "ready";
      performance.mark("mv-ready");
      (window.requestIdleCallback || setTimeout)(function () { timed("mv-norms", norms, data); });
    }
  }

  window.mvLibrary = { start: start };
  window.addEventListener("popstate", onPopState);
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
