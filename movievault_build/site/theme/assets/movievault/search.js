/* MovieVault search: the header's search box over the static index in search/.
 *
 * A query fetches search/meta.json once, one terms shard per query word (keyed by the
 * word's first two characters) and the doc chunks of its top results; everything
 * fetched is kept for later queries. Tokenising mirrors movievault_build/site/search_index.py.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 90;
  var TOP = 20;
  var MIN_CHARS = 2;
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/g;
  var CJK_ONE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/;
  var WORD = /[\p{L}\p{N}]+/gu;

  /* ---- text, as the index builder sees it ---- */

  function normalise(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/ß/g, "ss").replace(/ς/g, "σ").normalize("NFC");
  }

  function splitCjk(word, out) {
    var pos = 0;
    word.replace(CJK, function (run, start) {
      if (start > pos) out.push(word.slice(pos, start));
      var chars = Array.from(run);
      if (chars.length === 1) out.push(run);
      for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
      pos = start + run.length;
      return run;
    });
    if (pos < word.length) out.push(word.slice(pos));
  }

  function tokenize(text) {
    var words = normalise(text).match(WORD) || [];
    var out = [];
    words.forEach(function (w) {
      if (CJK_ONE.test(w)) splitCjk(w, out); else out.push(w);
    });
    return out;
  }

  function shardKey(token) {
    return Array.from(token).slice(0, 2).join("");
  }

  function shardFile(key) {
    var name = Array.from(key).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
    }).join("");
    return "search/terms-" + name + ".json";
  }

  /* Optimal string alignment distance, giving up once it exceeds `max`. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var cur = [i], best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        cur.push(d);
        if (d < best) best = d;
      }
      if (best > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  /* How well an index term answers a query word: 1 exact, less for a completion or a typo. */
  function termFactor(word, term, isLast) {
    if (term === word) return 1;
    if (isLast && term.length > word.length && term.lastIndexOf(word, 0) === 0) return 0.8;
    if (word.length < 4) return 0;
    var max = word.length >= 6 ? 2 : 1;
    var d = distance(word, term, max);
    return d > max ? 0 : (d === 1 ? 0.6 : 0.4);
  }

  /* ---- the index, fetched piece by piece ---- */

  function Index(root) {
    this.root = root;
    this.files = {};
  }
  Index.prototype.get = function (path) {
    if (!this.files[path]) {
      var self = this;
      this.files[path] = fetch(this.root + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": HTTP " + r.status);
        return r.json();
      }).catch(function (err) { delete self.files[path]; throw err; });
    }
    return this.files[path];
  };

  Index.prototype.keysFor = function (meta, word, isLast) {
    var key = shardKey(word);
    // One CJK character is the start of many bigrams: look in each shard it begins.
    if (isLast && Array.from(word).length === 1 && CJK_ONE.test(word)) {
      return meta.shards.filter(function (k) { return k.lastIndexOf(word, 0) === 0; }).slice(0, 8);
    }
    return meta.shardSet[key] ? [key] : [];
  };

  Index.prototype.match = function (meta, word, isLast) {
    var self = this;
    var keys = this.keysFor(meta, word, isLast);
    return Promise.all(keys.map(function (k) { return self.get(shardFile(k)); })).then(function (shards) {
      // Typos are forgiven only when the word has no exact or prefix match: "matrix"
      // must not drag in every "Martin".
      var found = [], typos = [];
      shards.forEach(function (terms) {
        Object.keys(terms).forEach(function (term) {
          var f = termFactor(word, term, isLast);
          if (f) (f >= 0.8 ? found : typos).push([terms[term], f]);
        });
      });
      var scores = new Map();
      (found.length ? found : typos).forEach(function (m) {
        var p = m[0];
        for (var i = 0; i < p.length; i += 2) {
          var s = p[i + 1] * m[1];
          if ((scores.get(p[i]) || 0) < s) scores.set(p[i], s);
        }
      });
      return scores;
    });
  };

  Index.prototype.meta = function () {
    return this.get("search/meta.json").then(function (meta) {
      if (!meta.shardSet) {
        meta.shardSet = {};
        meta.shards.forEach(function (k) { meta.shardSet[k] = true; });
      }
      return meta;
    });
  };

  /* Top movies for a query: every word must match (AND); score = summed field weights. */
  Index.prototype.search = function (query) {
    var self = this;
    var words = tokenize(query);
    if (!words.length) return Promise.resolve([]);
    var lastIsPrefix = !/\s$/.test(query);
    return this.meta().then(function (meta) {
      return Promise.all(words.map(function (w, i) {
        return self.match(meta, w, lastIsPrefix && i === words.length - 1);
      })).then(function (lists) {
        var total = lists[0];
        lists.slice(1).forEach(function (l) {
          var next = new Map();
          total.forEach(function (s, doc) { if (l.has(doc)) next.set(doc, s + l.get(doc)); });
          total = next;
        });
        var ranked = Array.from(total.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
          .slice(0, TOP).map(function (e) { return e[0]; });
        return self.docs(meta, ranked);
      });
    });
  };

  Index.prototype.docs = function (meta, ids) {
    var self = this;
    var chunks = Array.from(new Set(ids.map(function (d) { return Math.floor(d / meta.chunk); })));
    return Promise.all(chunks.map(function (c) { return self.get("search/docs-" + c + ".json"); }))
      .then(function () {
        return Promise.all(ids.map(function (d) {
          return self.get("search/docs-" + Math.floor(d / meta.chunk) + ".json").then(function (chunk) {
            var e = chunk[d % meta.chunk];
            return { slug: e[0], title: e[1], year: e[2], url: e[3], poster: e[4] || null };
          });
        }));
      });
  };

  /* ---- the header box ---- */

  // The list of matches and its live status come with the script that fills them, and so do
  // the field's combobox roles and its typing hints (no autocorrection or form history under
  // the list; "go" on a phone's key): partials/search.html, on every page, is the field alone.
  function Box(el) {
    this.el = el;
    this.input = el.querySelector(".mv-search__input");
    this.list = part(el, "ul", {class: "mv-search__list", id: "mv-search-list", role: "listbox",
                                "aria-label": "Matching movies", hidden: ""});
    this.status = part(el, "p", {class: "mv-search__status", "aria-live": "polite"});
    setAttributes(this.input, {role: "combobox", "aria-expanded": "false", "aria-controls": "mv-search-list",
                               "aria-autocomplete": "list", autocomplete: "off", autocapitalize: "off",
                               autocorrect: "off", spellcheck: "false", enterkeyhint: "go"});
    var root = new URL((el.getAttribute("data-mv-root") || ".").replace(/\/?$/, "/"), location.href).href;
    this.index = new Index(root);
    this.active = -1;
    this.seq = 0;
    this.timer = 0;
    this.bindEvents();
  }

  function setAttributes(node, attrs) {
    Object.keys(attrs).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    return node;
  }

  function part(box, tag, attrs) {
    return box.appendChild(setAttributes(document.createElement(tag), attrs));
  }

  Box.prototype.bindEvents = function () {
    var self = this;
    this.input.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.run(); }, DEBOUNCE_MS);
    });
    this.input.addEventListener("keydown", function (ev) { self.onKey(ev); });
    this.input.addEventListener("focus", function () { if (self.list.children.length) self.show(true); });
    document.addEventListener("click", function (ev) { if (!self.el.contains(ev.target)) self.show(false); });
    var toggle = document.getElementById("__search");     // the header's magnifier on small screens
    if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) self.input.focus(); });
    document.addEventListener("keydown", function (ev) {
      var t = ev.target;
      if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      // One search field per page: where the page has its own (the library's), "/" goes there.
      var own = document.querySelector("[data-mv-page-search]");
      var target = own && own.offsetParent !== null ? own : self.input;
      ev.preventDefault();
      target.focus();
      target.select();
    });
  };

  Box.prototype.run = function () {
    var self = this;
    var query = this.input.value;
    var seq = ++this.seq;
    if (normalise(query).replace(/\s+/g, "").length < MIN_CHARS) { this.render(null); return; }
    this.index.search(query).then(function (results) {
      if (seq === self.seq) self.render(results, query);
    }).catch(function (err) {
      if (seq !== self.seq) return;
      self.render([]);
      self.status.textContent = "Search is unavailable";
      if (window.console) console.warn("movievault search:", err.message || err);
    });
  };

  Box.prototype.render = function (results, query) {
    var list = this.list;
    list.textContent = "";
    list.setAttribute("data-query", query || "");
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    if (results === null) { this.status.textContent = ""; this.show(false); return; }
    var root = this.index.root;
    results.forEach(function (r, i) {
      var li = document.createElement("li");
      li.id = "mv-search-opt-" + i;
      li.className = "mv-search__option";
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = document.createElement("a");
      a.href = root + r.url;
      a.tabIndex = -1;
      if (r.poster) {
        var img = document.createElement("img");
        img.src = root + r.poster;
        img.alt = "";
        img.width = 32;
        img.height = 48;
        img.loading = "lazy";
        img.className = "mv-search__thumb";
        a.appendChild(img);
      } else {
        var ph = document.createElement("span");
        ph.className = "mv-search__thumb mv-search__thumb--none";
        a.appendChild(ph);
      }
      var title = document.createElement("span");
      title.className = "mv-search__title";
      title.textContent = r.title;
      a.appendChild(title);
      if (r.year) {
        var year = document.createElement("span");
        year.className = "mv-search__year";
        year.textContent = String(r.year);
        a.appendChild(year);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!results.length) {
      var none = document.createElement("li");
      none.className = "mv-search__none";
      none.setAttribute("role", "presentation");
      none.textContent = "No results";
      list.appendChild(none);
    }
    this.status.textContent = results.length ? results.length + (results.length === 1 ? " result" : " results") : "No results";
    this.show(true);
  };

  Box.prototype.show = function (open) {
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", open ? "true" : "false");
  };

  Box.prototype.options = function () {
    return this.list.querySelectorAll(".mv-search__option");
  };

  Box.prototype.move = function (step) {
    var opts = this.options();
    if (!opts.length) return;
    this.show(true);
    if (this.active >= 0) opts[this.active].setAttribute("aria-selected", "false");
    var n = opts.length;
    this.active = this.active < 0 ? (step > 0 ? 0 : n - 1) : (this.active + step + n) % n;
    var opt = opts[this.active];
    opt.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", opt.id);
    opt.scrollIntoView({ block: "nearest" });
  };

  Box.prototype.onKey = function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      this.move(ev.key === "ArrowDown" ? 1 : -1);
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      var opts = this.options();
      var opt = opts[this.active >= 0 ? this.active : 0];
      if (opt && !this.list.hidden) this.go(opt.querySelector("a"));
    } else if (ev.key === "Escape") {
      if (!this.list.hidden) this.show(false); else this.input.blur();
      var toggle = document.getElementById("__search");
      if (toggle && toggle.checked && this.list.hidden) toggle.checked = false;
    }
  };

  Box.prototype.go = function (link) {
    this.show(false);
    this.input.blur();
    var toggle = document.getElementById("__search");
    if (toggle) toggle.checked = false;
    link.click();     // lets material's instant navigation take it when enabled
  };

  Box.prototype.reset = function () {
    clearTimeout(this.timer);
    this.seq++;
    this.show(false);
  };

  /* ---- binding: once per header; instant navigation keeps the header, so just close ---- */

  function bind() {
    var el = document.querySelector("[data-mv-search]");
    if (!el) return;
    if (el.mvBox) { el.mvBox.reset(); return; }
    el.mvBox = new Box(el);
  }

  window.MovieVaultSearch = { tokenize: tokenize, shardFile: shardFile, shardKey: shardKey, Index: Index };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(bind);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();
