/* MovieVault library browser: search, facets, sort and a windowed poster grid over
   api/library-index.json (movievault_build/site/library_index.py says its shape) and the
   state of the user chosen in the header (site/user_states.py; assets/movievault/app.js).

   - The whole state lives in the query string, so links share it and back/forward walk it.
   - Facet counts follow the other active filters: each value shows how many movies it would
     leave; a value that would leave none is dimmed and cannot be picked. The same goes for
     "Your movies" (watched or not, favourites, watchlist), counted for the chosen user.
   - Only the rows near the screen exist in the page (a window over the results), so 10,000
     movies cost a few dozen cards of DOM; the list keeps its full height for the scroll bar. */
(function () {
  "use strict";
  if (window.mvLibrary) { window.mvLibrary.start(); return; }   // re-run by instant navigation

  var BUFFER_ROWS = 4, TYPING_MS = 200, CARD_CACHE = 1500;
  var LIST_FACETS = { g: "genres", res: "resolutions", src: "sources", c: "collections", tag: "tags",
                      hdr: "hdr", audio: "audio", sub: "subtitles" };
  var LABELS = { g: "Genre", res: "Resolution", src: "Source", c: "Collection", tag: "Tag", hdr: "HDR",
                 audio: "Audio", sub: "Subtitles", y: "Year", r: "Rating", t: "Runtime", q: "Search" };
  // Facets a movie has several values of (arrays of table indexes); the rest hold one (index + 1, 0 = none).
  var MULTI = { g: "genres", tag: "tags", audio: "audio", sub: "subs" };
  var LANGUAGE_FACETS = { audio: true, sub: true };
  var RANGES = ["y", "r", "t"];
  var SORTS = { title: null, year: "year", rating: "rating", runtime: "runtime", added: "added" };
  var MISSING = 4;
  var POSTER_TYPES = { avif: "image/avif", webp: "image/webp" };   // a grid poster that has a JPEG fallback
  var indexes = {};      // index URL -> promise of prepared data (loaded once per session)
  var ui = null;         // the page currently shown

  // ---- data -----------------------------------------------------------------------------

  function loadIndex(url) {
    if (!indexes[url]) {
      indexes[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("library index: HTTP " + r.status);
        return r.text();
      }).then(function (text) { return timed("mv-parse", JSON.parse, text); })
        .then(later).then(function (doc) { return timed("mv-prepare", prepare, doc); });
      indexes[url].catch(function () { delete indexes[url]; });
    }
    return indexes[url];
  }

  function afterLoad() {
    if (document.readyState === "complete") return Promise.resolve();
    return new Promise(function (resolve) { window.addEventListener("load", function () { resolve(); }, { once: true }); });
  }

  /** Resolves in a task of its own: long steps take turns with the page instead of one long task. */
  function later(value) {
    return new Promise(function (resolve) { setTimeout(function () { resolve(value); }, 0); });
  }

  /** The viewer's state by slug (assets/movievault/app.js loads it once for every page). */
  function loadState(url) {
    var shared = window.mvState && window.mvState.load ? window.mvState.load() : fetch(url).then(function (r) {
      return r.ok ? r.json().then(function (doc) { return doc.movies || {}; }) : {};
    });
    return shared.catch(function () { return {}; });
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
      poster: new Array(n), fallback: new Array(n), genres: new Array(n), directors: new Array(n), cast: new Array(n), tags: new Array(n),
      audio: new Array(n), subs: new Array(n), hdr: new Uint8Array(n), badge: new Uint8Array(n),
      year: new Int16Array(n), rating: new Uint8Array(n), runtime: new Uint16Array(n), added: new Int32Array(n),
      c: new Uint16Array(n), res: new Uint8Array(n), src: new Uint8Array(n), flags: new Uint8Array(n),
      watched: new Uint8Array(n), fav: new Uint8Array(n), wl: new Uint8Array(n), mine: new Array(n),
      bySlug: new Map(), orders: {}, norms: null
    };
    for (var i = 0; i < n; i++) {
      var r = rows[i], slug = r[f.slug];
      d.slug[i] = slug; d.title[i] = r[f.title]; d.orig[i] = r[f.original_title] || "";
      d.url[i] = r[f.url] || doc.url.replace("{slug}", slug);
      var p = r[f.poster];
      d.poster[i] = p === 1 ? doc.poster.replace("{slug}", slug) : (p || "");
      var fb = r[f.poster_fallback], rule = doc.poster_fallback;
      d.fallback[i] = fb === 1 ? d.poster[i].slice(0, d.poster[i].length - rule[0].length) + rule[1] : (fb || "");
      d.genres[i] = r[f.genres]; d.directors[i] = r[f.directors]; d.cast[i] = r[f.cast]; d.tags[i] = r[f.tags];
      d.year[i] = r[f.year]; d.rating[i] = r[f.rating10]; d.runtime[i] = r[f.runtime]; d.added[i] = r[f.added];
      d.c[i] = r[f.collection]; d.res[i] = r[f.resolution]; d.src[i] = r[f.source]; d.flags[i] = r[f.flags];
      d.hdr[i] = r[f.hdr] || 0; d.audio[i] = r[f.audio] || []; d.subs[i] = r[f.subtitles] || [];
      d.badge[i] = r[f.badge] || 0;
      d.bySlug.set(slug, i);
    }
    return d;
  }

  /** The viewer's state laid over the index: flags for the filters, the object for badges. */
  function applyState(d, states) {
    for (var i = 0; i < d.n; i++) {
      var s = states[d.slug[i]];
      d.mine[i] = s; d.watched[i] = s && s.watched ? 1 : 0; d.fav[i] = s && s.favorite ? 1 : 0;
      d.wl[i] = s && s.watchlist ? 1 : 0;
    }
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
    var s = { q: "", sort: "title", view: "grid", w: "", fav: false, wl: false };
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
    s.wl = p.get("wl") === "1";
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
    if (s.wl) p.set("wl", "1");
    if (s.sort !== "title") p.set("sort", s.sort);
    if (s.view !== "grid") p.set("view", s.view);
    var q = p.toString();
    return q ? "?" + q : "";
  }

  /** The active filters, one entry each, as the chips above the grid show them. */
  function activeFilters(page) {
    var s = page.state, d = page.data, out = [];
    if (s.q) out.push({ label: LABELS.q + ": " + s.q, clear: function (t) { t.q = ""; } });
    Object.keys(LIST_FACETS).forEach(function (k) {
      s[k].forEach(function (v) {
        out.push({ label: LABELS[k] + ": " + facetLabel(d, k, v),
                   clear: function (t) { t[k] = t[k].filter(function (x) { return x !== v; }); } });
      });
    });
    RANGES.forEach(function (k) {
      if (s[k][0] || s[k][1]) {
        out.push({ label: LABELS[k] + ": " + (s[k][0] || "…") + "–" + (s[k][1] || "…"),
                   clear: function (t) { t[k] = ["", ""]; } });
      }
    });
    if (s.w) out.push({ label: s.w === "1" ? "Watched" : "Not watched", clear: function (t) { t.w = ""; } });
    if (s.fav) out.push({ label: "Favourites", clear: function (t) { t.fav = false; } });
    if (s.wl) out.push({ label: "On my watchlist", clear: function (t) { t.wl = false; } });
    return out;
  }

  // ---- filtering and counting, in one pass -----------------------------------------------------

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

  /** Every active filter as one test, so a movie's failures can be counted per filter. */
  function tests(d, s) {
    var out = [], y = bounds(s.y, 1), r = bounds(s.r, 10), t = bounds(s.t, 1), text = searcher(d, s.q);
    Object.keys(LIST_FACETS).forEach(function (k) {
      var set = picked(d, k, s[k], MULTI[k] ? 0 : 1);
      if (!set) return;
      var col = d[MULTI[k] || k];
      out.push({ facet: k, ok: MULTI[k] ? function (i) { return anyIn(col[i], set); } : function (i) { return !!set[col[i]]; } });
    });
    if (y) out.push({ ok: function (i) { return d.year[i] && d.year[i] >= y[0] && d.year[i] <= y[1]; } });
    if (r) out.push({ ok: function (i) { return d.rating[i] && d.rating[i] >= r[0] && d.rating[i] <= r[1]; } });
    if (t) out.push({ ok: function (i) { return d.runtime[i] && d.runtime[i] >= t[0] && d.runtime[i] <= t[1]; } });
    if (s.w) { var want = s.w === "1" ? 1 : 0; out.push({ status: "w", ok: function (i) { return d.watched[i] === want; } }); }
    if (s.fav) out.push({ status: "fav", ok: function (i) { return d.fav[i] === 1; } });
    if (s.wl) out.push({ status: "wl", ok: function (i) { return d.wl[i] === 1; } });
    if (text) out.push({ ok: text });
    return out;
  }

  function countInto(d, counts, facet, i) {
    var c = counts[facet], col = MULTI[facet] ? d[MULTI[facet]][i] : null;
    if (col) { for (var j = 0; j < col.length; j++) c[col[j]]++; }
    else if (d[facet][i]) c[d[facet][i] - 1]++;
  }

  /** "Your movies": [not watched, watched], favourites, on the watchlist. */
  function countStatus(d, counts, status, i) {
    if (!status || status === "w") counts.w[d.watched[i]]++;
    if ((!status || status === "fav") && d.fav[i]) counts.fav++;
    if ((!status || status === "wl") && d.wl[i]) counts.wl++;
  }

  /** The results in sort order, and for each list facet how many movies each of its values
      would leave given every other active filter (a facet's own values are alternatives). */
  function search(d, s) {
    var checks = tests(d, s), all = order(d, s.sort), list = [], counts = {}, facets = Object.keys(LIST_FACETS);
    facets.forEach(function (k) { counts[k] = new Uint32Array(d.doc[LIST_FACETS[k]].length); });
    var status = counts.status = { w: [0, 0], fav: 0, wl: 0 };
    for (var n = 0; n < all.length; n++) {
      var i = all[n], failed = null, fails = 0;
      for (var c = 0; c < checks.length && fails < 2; c++) {
        if (!checks[c].ok(i)) { fails++; failed = checks[c]; }
      }
      if (fails === 0) {
        list.push(i);
        for (var k = 0; k < facets.length; k++) countInto(d, counts, facets[k], i);
        countStatus(d, status, null, i);
      } else if (fails === 1 && failed.facet) {
        countInto(d, counts, failed.facet, i);
      } else if (fails === 1 && failed.status) {
        countStatus(d, status, failed.status, i);
      }
    }
    return { list: list, counts: counts };
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

  /** A movie's page, absolute: what a card's link is (`a.href`), served or made here. */
  function hrefOf(page, i) {
    return page.base + encodeURI(page.data.url[i]);
  }

  /** The same markup as the server-rendered card (partials/mv-card.html), plus list-view facts. */
  function makeCard(page, i) {
    var d = page.data, li = el("li", "mv-card" + (d.flags[i] & MISSING ? " mv-card--missing" : ""));
    var a = el("a"), art = el("span", "mv-card__art");
    a.href = hrefOf(page, i);
    if (d.poster[i]) {
      var img = el("img", "mv-poster");
      img.alt = ""; img.width = 342; img.height = 513; img.loading = "lazy"; img.decoding = "async";
      var type = d.fallback[i] && POSTER_TYPES[d.poster[i].split(".").pop()];
      img.src = page.base + encodeURI(type ? d.fallback[i] : d.poster[i]);
      if (type) {         // browsers without AVIF take the JPEG, as from the server-rendered card
        var pic = el("picture"), source = el("source");
        source.type = type;
        source.srcset = page.base + encodeURI(d.poster[i]).replace(/,/g, "%2C");
        pic.appendChild(source); pic.appendChild(img);
        art.appendChild(pic);
      } else {
        art.appendChild(img);
      }
    } else {
      var none = el("span", "mv-poster mv-poster--none", d.title[i]);
      none.setAttribute("aria-hidden", "true");
      art.appendChild(none);
    }
    if (d.badge[i]) {
      var q = el("span", "mv-card__quality");
      d.doc.badges[d.badge[i] - 1].split(" ").forEach(function (b) { q.appendChild(el("span", "mv-badge", b)); });
      art.appendChild(q);
    }
    a.appendChild(art);
    a.appendChild(el("span", "mv-card__title", d.title[i]));
    var year = el("span", "mv-card__year", d.year[i] ? String(d.year[i]) : "");
    if (d.flags[i] & MISSING) { year.appendChild(document.createTextNode(" ")); year.appendChild(el("span", "mv-card__missing", "missing")); }
    a.appendChild(year);
    li.appendChild(a);
    return li;
  }

  function card(page, i) {
    var li = page.cards.get(i);
    if (!li) {
      li = page.served.get(hrefOf(page, i)) || makeCard(page, i);
      li.dataset.slug = page.data.slug[i];          // which film the grid's card is, for the focus kept below
      if (!li.querySelector(".mv-card__meta")) li.firstElementChild.appendChild(el("span", "mv-card__meta", metaText(page.data, i)));
      if (window.mvState) window.mvState.badge(li, page.data.mine[i]);
      li.mvMine = page.data.mine[i];
      if (page.cards.size >= CARD_CACHE) page.cards.clear();       // a few MB at most, rebuilt as needed
      page.cards.set(i, li);
    }
    return li;
  }

  // ---- the window: only the rows near the screen are in the page --------------------------------

  /** Columns and row pitch of the grid as laid out now (measured, so CSS stays in charge). */
  function measure(page) {
    var grid = page.grid, cols = 1;
    if (page.state.view === "grid") {
      cols = getComputedStyle(grid).gridTemplateColumns.split(" ").filter(Boolean).length || 1;
    }
    var first = grid.firstElementChild, pitch = page.pitch || 300;
    if (first) {
      var next = grid.children[cols];
      var gap = parseFloat(getComputedStyle(grid).rowGap) || 0;
      pitch = next ? next.offsetTop - first.offsetTop : first.offsetHeight + gap;
    }
    page.cols = cols;
    if (pitch > 0) page.pitch = pitch;
  }

  function place(page, force) {
    var list = page.list, cols = page.cols || 1, rows = Math.ceil(list.length / cols), pitch = page.pitch || 300;
    var top = page.grid.getBoundingClientRect().top;          // where row 0 is (the padding stands for the rows above)
    var from = Math.max(0, Math.floor(-top / pitch) - BUFFER_ROWS);
    var to = Math.min(rows, Math.ceil((window.innerHeight - top) / pitch) + BUFFER_ROWS);
    var focused = document.activeElement && page.grid.contains(document.activeElement) ?
      list.indexOf(page.data.bySlug.get(document.activeElement.closest(".mv-card").dataset.slug)) : -1;
    if (focused >= 0) {                                   // the card with the focus stays in the page
      from = Math.min(from, Math.floor(focused / cols));
      to = Math.max(to, Math.floor(focused / cols) + 1);
    }
    if (!force && from === page.from && to === page.to) return;
    page.from = from; page.to = to;
    var want = [];
    for (var k = from * cols; k < Math.min(list.length, to * cols); k++) {
      var li = card(page, list[k]);
      if (li.getAttribute("aria-posinset") !== String(k + 1)) li.setAttribute("aria-posinset", String(k + 1));
      if (li.getAttribute("aria-setsize") !== String(list.length)) li.setAttribute("aria-setsize", String(list.length));
      want.push(li);
    }
    patch(page.grid, want);
    page.grid.style.paddingTop = from ? from * pitch + "px" : "";
    page.grid.style.paddingBottom = to < rows ? (rows - to) * pitch + "px" : "";
  }

  /** Make `grid`'s children be `want`, in order, touching only what changes: cards that stay
      are never taken out (no repaint, and the focus stays where it is). */
  function patch(grid, want) {
    var keep = new Set(want), node = grid.firstElementChild, next;
    while (node) {
      next = node.nextElementSibling;
      if (!keep.has(node)) grid.removeChild(node);
      node = next;
    }
    node = grid.firstElementChild;
    for (var i = 0; i < want.length; i++) {
      if (node === want[i]) node = node.nextElementSibling;
      else grid.insertBefore(want[i], node);
    }
    while (node) { next = node.nextElementSibling; grid.removeChild(node); node = next; }
  }

  function relayout(page) {
    place(page, true);
    var cols = page.cols, pitch = page.pitch;
    measure(page);
    if (cols !== page.cols || pitch !== page.pitch) place(page, true);
  }

  // ---- the page -------------------------------------------------------------------------------

  function render(page) {
    var t0 = performance.now(), s = page.state, found = search(page.data, s);
    page.list = found.list;
    page.grid.classList.toggle("mv-grid--list", s.view === "list");
    page.from = page.to = -1;
    relayout(page);
    page.$("#mv-empty").hidden = page.list.length > 0;
    var total = page.data.n, shown = page.list.length, noun = total === 1 ? " movie" : " movies";
    var active = activeFilters(page);
    page.$("#mv-count").textContent = shown === total && !active.length ? total + noun : shown + " of " + total + noun;
    page.$("#mv-active").textContent = active.length ? "(" + active.length + ")" : "";
    writeCounts(page, found.counts);
    writeChips(page, active);
    performance.measure("mv-render", { start: t0, end: performance.now() });
  }

  function writeCounts(page, counts) {
    writeStatusCounts(page, counts.status);
    Object.keys(LIST_FACETS).forEach(function (k) {
      var c = counts[k], boxes = page.boxes[k];
      for (var at = 0; at < boxes.length; at++) {
        var b = boxes[at], n = c[at], zero = n === 0 && !b.input.checked;
        if (b.n !== n) { b.count.textContent = String(n); b.n = n; }
        if (b.zero !== zero) { b.zero = zero; b.input.disabled = zero; b.label.classList.toggle("mv-check--zero", zero); }
      }
    });
  }

  /** The counts of "Your movies": in the watched menu's options and beside the two boxes. */
  function writeStatusCounts(page, status) {
    var w = page.$("#mv-w");
    [["1", "Watched", status.w[1]], ["0", "Not watched", status.w[0]]].forEach(function (o) {
      var option = w.querySelector('option[value="' + o[0] + '"]'), text = o[1] + " (" + o[2] + ")";
      if (option.textContent !== text) option.textContent = text;
      option.disabled = o[2] === 0 && w.value !== o[0];
    });
    ["fav", "wl"].forEach(function (k) {
      var input = page.$("#mv-" + k), n = status[k], count = input.parentNode.querySelector(".mv-facet__n");
      if (count.textContent !== String(n)) count.textContent = String(n);
      var zero = n === 0 && !input.checked;
      input.disabled = zero;
      input.parentNode.classList.toggle("mv-check--zero", zero);
    });
  }

  function writeChips(page, active) {
    var list = page.$("#mv-chips"), frag = document.createDocumentFragment();
    active.forEach(function (f) {
      var li = el("li"), b = el("button", "mv-chip mv-chip--filter");
      b.type = "button"; b.appendChild(document.createTextNode(f.label + " "));
      var x = el("span", null, "×"); x.setAttribute("aria-hidden", "true"); b.appendChild(x);
      b.setAttribute("aria-label", "Remove filter " + f.label);
      b.addEventListener("click", function () {
        f.clear(page.state); writeControls(page); render(page); commit(page, null);
        page.$("#mv-q").focus({ preventScroll: true });
      });
      li.appendChild(b); frag.appendChild(li);
    });
    list.replaceChildren(frag);
    page.$("#mv-active-filters").hidden = active.length === 0;
  }

  function writeControls(page) {
    var s = page.state;
    page.$("#mv-q").value = s.q;
    page.$("#mv-sort").value = s.sort;
    page.$("#mv-w").value = s.w;
    page.$("#mv-fav").checked = s.fav;
    page.$("#mv-wl").checked = s.wl;
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
    s.wl = page.$("#mv-wl").checked;
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

  function clearAll(page) {
    var view = page.state.view, sort = page.state.sort;
    page.state = emptyState(); page.state.view = view; page.state.sort = sort;
    writeControls(page); render(page); commit(page, null);
  }

  function buildFacetLists(page) {
    var d = page.data;
    page.boxes = {};
    Object.keys(LIST_FACETS).forEach(function (facet) {
      var box = page.root.querySelector('fieldset[data-facet="' + facet + '"]');
      var table = d.doc[LIST_FACETS[facet]], frag = document.createDocumentFragment(), boxes = [];
      table.forEach(function (name) {
        var label = el("label", "mv-check"), input = el("input"), count = el("span", "mv-facet__n");
        input.type = "checkbox"; input.name = facet; input.value = name;
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + facetLabel(d, facet, name) + " "));
        label.appendChild(count);
        frag.appendChild(label);
        boxes.push({ input: input, label: label, count: count, n: -1, zero: false });
      });
      box.querySelector(".mv-facet__options").replaceChildren(frag);
      box.hidden = table.length === 0;
      page.boxes[facet] = boxes;
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

  function bind(page) {
    var timer = 0, root = page.root, frame = 0;
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
    page.$("#mv-clear").addEventListener("click", function () { clearAll(page); });
    page.$("#mv-empty-clear").addEventListener("click", function () { clearAll(page); });
    page.onScroll = function () {
      if (frame || !document.body.contains(root)) return;
      frame = requestAnimationFrame(function () { frame = 0; place(page, false); });
    };
    page.onResize = function () { if (document.body.contains(root)) relayout(page); };
    window.addEventListener("scroll", page.onScroll, { passive: true });
    window.addEventListener("resize", page.onResize);
    root.addEventListener("focusin", function (ev) {      // Tab walks on past the rendered rows
      if (ev.target.closest && ev.target.closest("#mv-grid")) page.onScroll();
    });
  }

  /** Another user chosen in the header: their state laid over the index, the cards kept
      aside re-badged (those in the page are, by app.js), the counts and results again. */
  function onUser() {
    if (!ui || !ui.data || !document.body.contains(ui.root)) return;
    var page = ui;
    loadState(new URL(page.root.dataset.stateUrl, location.href).href).then(function (states) {
      if (page !== ui) return;
      applyState(page.data, states);
      page.cards.forEach(function (li, i) {
        if (li.mvMine !== page.data.mine[i] && window.mvState) window.mvState.badge(li, page.data.mine[i]);
        li.mvMine = page.data.mine[i];
      });
      render(page);
    });
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
    document.body.classList.toggle("mv-page-search", !!root);   // the header's search steps aside
    if (!root || root.dataset.state) return;
    root.dataset.state = "loading";
    if (ui && ui.onScroll) {              // the page an instant navigation left behind
      window.removeEventListener("scroll", ui.onScroll);
      window.removeEventListener("resize", ui.onResize);
    }
    var page = {
      root: root, grid: root.querySelector("#mv-grid"),
      base: new URL(root.dataset.base || "../", location.href).href, cards: new Map(), served: new Map(),
      list: [], lastKind: null, from: -1, to: -1,
      $: function (sel) { return root.querySelector(sel); }
    };
    // the cards in the page, by their link (the markup names the film only there)
    root.querySelectorAll("#mv-grid > .mv-card > a").forEach(function (a) { page.served.set(a.href, a.parentNode); });
    // The first posters are in the page: they load first, the index (the biggest file of the
    // site, 400 KB gzipped at 10,000 movies) after them, not in their way on a slow network.
    afterLoad().then(function () {
      return Promise.all([loadIndex(new URL(root.dataset.index, location.href).href),
                          loadState(new URL(root.dataset.stateUrl || "../api/user-state.json", location.href).href)]);
    })
      .then(later).then(function (got) {
        if (document.body.contains(root)) timed("mv-start", show, got);
      }).catch(function (err) {
        root.dataset.state = "failed";   // the server-rendered first page and its pager stay usable
        console.warn("MovieVault library:", err);
      });

    function show(got) {
      page.data = got[0];
      applyState(page.data, got[1] || {});
      page.state = parseState(location.search);
      buildFacetLists(page);
      bind(page);
      writeControls(page);
      page.$("#mv-bar").disabled = false;
      page.$("#mv-facets-all").disabled = false;
      var pager = page.$("#mv-pages");
      if (pager) pager.hidden = true;
      // A sidebar beside the grid on a wide screen (open), a fold-out above it on a phone (closed).
      if (!window.matchMedia("(max-width: 59.984375em)").matches) page.$("#mv-panel").open = true;
      ui = page;
      render(page);
      root.dataset.state = "ready";
      performance.mark("mv-ready");
      (window.requestIdleCallback || setTimeout)(function () { timed("mv-norms", norms, page.data); });
    }
  }

  /** Material's instant navigation tells of every new page (document$, from its deferred bundle,
      there by DOMContentLoaded); without it, the page is this one. */
  function boot() {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
    else start();
  }

  window.mvLibrary = { start: start };
  window.addEventListener("popstate", onPopState);
  window.addEventListener("mv:user", onUser);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
