/* MovieVault on every page: the viewer's badges on poster cards, and the service worker.
 *
 * Badges: one state file per user (movievault_build/site/user_states.py) says what they
 * watched, love, put on the watchlist or rated: api/user-state.json is the default user's,
 * and a site with several users has a switcher in the header (`[data-mv-users]`, each option
 * naming its user's file) whose choice this browser remembers. Cards carry only their link
 * (movies/<slug>/, which names the film: `slugOf`); this script puts the chosen user's
 * badges on, refreshes a movie page's own line (`[data-mv-user]`) and shows that user's
 * rows on the home page (`[data-mv-for-user]`). The library browser asks for the same state
 * (window.mvState) and hears of a change of user (the "mv:user" event on window).
 *
 * Offline: registers sw.js (the site root's service worker, made by the plugin) and shows a
 * notice when a new build of the site has taken over.
 */
(function () {
  "use strict";
  if (window.mvState) { window.mvState.decorate(document); return; }   // re-run by instant navigation

  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : location.href);   // assets/movievault/app.js
  var KEY = root.pathname + ":mv-user";     // one choice per site, as material keeps its palette
  var states = {};                          // state file URL -> promise of {slug: state}
  var picked = null;                        // this page's choice, should storage be off

  function remembered() {
    try { return picked || localStorage.getItem(KEY); } catch (e) { return picked; }
  }

  /** The switcher's option of the chosen user (the remembered one, else the default); null
      on a single-user site, which has no switcher. */
  function chosen() {
    var select = document.querySelector("[data-mv-users]");
    if (!select) return null;
    var name = remembered(), options = Array.prototype.slice.call(select.options);
    return options.filter(function (o) { return o.value === name; })[0] || select.querySelector("[data-default]") || options[0];
  }

  function stateUrl() {
    var option = chosen();
    return new URL(option && option.dataset.state || "api/user-state.json", root).href;
  }

  /** The chosen user's state by slug, fetched once per user and page load. */
  function loadState() {
    var url = stateUrl();
    if (!states[url]) {
      states[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("user state: HTTP " + r.status);
        return r.json();
      }).then(function (doc) { return doc && doc.movies ? doc.movies : {}; });
      states[url].catch(function () { delete states[url]; });
    }
    return states[url];
  }

  var ICONS = {
    watched: "M9 16.17 4.83 12l-1.42 1.41L9 19 21 7l-1.41-1.41z",
    favorite: "m12 21.35-1.45-1.32C5.4 15.36 2 12.27 2 8.5 2 5.41 4.42 3 7.5 3c1.74 0 3.41.81 4.5 2.08C13.09 3.81 14.76 3 16.5 3 19.58 3 22 5.41 22 8.5c0 3.77-3.4 6.86-8.55 11.53z",
    watchlist: "M17 3H7a2 2 0 0 0-2 2v16l7-3 7 3V5a2 2 0 0 0-2-2"
  };
  var LABELS = { watched: "Watched", favorite: "Favourite", watchlist: "On your watchlist" };

  function mark(kind, text, label) {
    var span = document.createElement("span");
    span.className = "mv-card__mark mv-card__mark--" + kind;
    span.title = label;
    if (ICONS[kind]) {
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg"), path = document.createElementNS(svg.namespaceURI, "path");
      svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("aria-hidden", "true");
      path.setAttribute("d", ICONS[kind]); svg.appendChild(path); span.appendChild(svg);
    } else {
      var shown = document.createElement("span");
      shown.setAttribute("aria-hidden", "true"); shown.textContent = text; span.appendChild(shown);
    }
    var hidden = document.createElement("span");
    hidden.className = "mv-sr"; hidden.textContent = label;
    span.appendChild(hidden);
    return span;
  }

  /** The badges of one card (an <li class="mv-card">), from the state of its movie. */
  function badge(card, state) {
    var art = card.querySelector(".mv-card__art");
    if (!art) return;
    var old = art.querySelector(".mv-card__state");
    if (old) old.remove();
    if (!state) return;
    var box = document.createElement("span");
    box.className = "mv-card__state";
    if (state.rating) box.appendChild(mark("rating", "★" + state.rating, "Your rating " + state.rating + " of 10"));
    ["watchlist", "favorite", "watched"].forEach(function (kind) {
      if (state[kind]) box.appendChild(mark(kind, "", LABELS[kind]));
    });
    if (box.childNodes.length) art.appendChild(box);
  }

  function stateSpan(kind, text) {
    var span = document.createElement("span");
    span.className = "mv-state" + (kind ? " mv-state--" + kind : "");
    span.textContent = text;
    return span;
  }

  /** A movie page's own line (movie.html prints the default user's): the chosen user's state,
      written only when it differs, so the page does not move for nothing. */
  function userLine(line, state) {
    var s = state || {}, spans = [];
    if (s.watched) spans.push(stateSpan("watched", "Watched" + (s.plays > 1 ? " " + s.plays + "×" : "")));
    if (s.favorite) spans.push(stateSpan("favorite", "Favourite"));
    if (s.watchlist) spans.push(stateSpan("watchlist", "On your watchlist"));
    if (s.rating) spans.push(stateSpan("rating", "Your rating " + s.rating + "/10"));
    if (!spans.length) spans.push(stateSpan("", "Not watched yet"));
    var text = spans.map(function (x) { return x.textContent; }).join("");
    if (line.textContent.replace(/\s+/g, "") !== text.replace(/\s+/g, "")) line.replaceChildren.apply(line, spans);
  }

  /** The chosen user's rows on the home page, the others' hidden. */
  function showRows(scope, option) {
    if (!option) return;
    scope.querySelectorAll("[data-mv-for-user]").forEach(function (row) {
      row.hidden = row.dataset.mvForUser !== option.value;
    });
  }

  /** The film a card links to: movies/<slug>/ (or movies/<slug>.html without directory URLs)
      under the site root; "" for a card of something else (a collection on the home page). */
  function slugOf(card) {
    if (card.dataset.slug) return card.dataset.slug;        // the library browser's grid says it
    var a = card.querySelector("a[href]"), href = a ? a.href.split(/[?#]/)[0] : "";
    if (href.indexOf(root.href) !== 0) return "";
    var found = /^movies\/([^/]+?)(?:\.html|\/(?:index\.html)?)$/.exec(href.slice(root.href.length));
    return found ? decodeURIComponent(found[1]) : "";
  }

  function decorate(scope) {
    scope = scope || document;
    var option = chosen();
    var select = document.querySelector("[data-mv-users]");
    if (select && option && select.value !== option.value) select.value = option.value;
    showRows(scope, option);
    var cards = Array.prototype.filter.call(scope.querySelectorAll(".mv-card"), slugOf);
    var movie = scope.querySelector(".mv-movie[data-slug]"), line = movie && movie.querySelector("[data-mv-user]");
    if (!cards.length && !line) return;
    loadState().then(function (movies) {
      cards.forEach(function (card) { badge(card, movies[slugOf(card)]); });
      if (line) userLine(line, movies[movie.dataset.slug]);
    }).catch(function () { /* badges are extra: without the file the cards stay plain */ });
  }

  /** Another user picked in the switcher: remembered, and every part of the page follows. */
  function switchUser(name) {
    picked = name;
    try { localStorage.setItem(KEY, name); } catch (e) { /* this page still follows the choice */ }
    decorate(document);
    window.dispatchEvent(new CustomEvent("mv:user", { detail: { user: name } }));
  }

  function bindSwitcher() {
    var select = document.querySelector("[data-mv-users]");
    if (!select || select.dataset.bound) return;
    select.dataset.bound = "1";
    select.addEventListener("change", function () { switchUser(select.value); });
  }

  window.mvState = { load: loadState, badge: badge, decorate: decorate };

  // ---- service worker: offline browsing and the "updated" notice -----------------------------

  function toast(text, action, run) {
    var box = document.getElementById("mv-toast");
    if (!box) {
      box = document.createElement("div");
      box.id = "mv-toast"; box.className = "mv-toast"; box.setAttribute("role", "status");
      document.body.appendChild(box);
    }
    box.replaceChildren();
    var p = document.createElement("p"); p.textContent = text; box.appendChild(p);
    if (action) {
      var go = document.createElement("button"); go.type = "button"; go.textContent = action;
      go.addEventListener("click", run); box.appendChild(go);
    }
    var close = document.createElement("button");
    close.type = "button"; close.className = "mv-toast__close"; close.textContent = "Dismiss";
    close.addEventListener("click", function () { box.hidden = true; });
    box.appendChild(close);
    box.hidden = false;
  }

  function register() {
    var sw = navigator.serviceWorker;
    if (!sw || !window.isSecureContext) return;
    var hadController = !!sw.controller, reloading = false;
    sw.addEventListener("controllerchange", function () {
      // A new build's worker took over: the next page comes from it; this one may be older.
      if (!hadController || reloading) { hadController = true; return; }
      document.documentElement.dataset.mvUpdated = "1";
      toast("This library was updated since you last opened it.", "Reload", function () {
        reloading = true; location.reload();
      });
    });
    sw.register(new URL("sw.js", root).href, { scope: root.href }).catch(function () {
      /* no offline copy (a blocked or failed worker); the site works as before */
    });
  }

  window.addEventListener("online", function () { document.documentElement.removeAttribute("data-mv-offline"); });
  window.addEventListener("offline", function () { document.documentElement.dataset.mvOffline = "1"; });

  // material's bundle runs before this one (both deferred, in order): document$ tells of every
  // page instant navigation brings, the first one included.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { bindSwitcher(); decorate(document); });
  } else {
    bindSwitcher();
    decorate(document);
  }
  // After the page has loaded and gone quiet: the worker's first caching never competes with it.
  if (document.readyState === "complete") setTimeout(register, 1000);
  else window.addEventListener("load", function () { setTimeout(register, 1000); });
})();
