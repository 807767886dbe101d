/* On a film's page at TMDB, IMDb, Letterboxd or Trakt: read the film's ids from the page,
   ask the background whether the library has it, and show the answer in a small badge.
   The badge lives in a closed shadow root styled through the CSSOM (so neither the page's
   styles nor its CSP touch it) and is built with textContent only: nothing from the site
   or the page is ever parsed as HTML. */
(() => {
  "use strict";
  const api = globalThis.browser ?? globalThis.chrome;
  const TAG = "movievault-badge";
  const IMDB_LINK = /^https?:\/\/(?:www\.|m\.)?imdb\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?title\/(tt\d{5,10})(?:[/?#]|$)/i;
  const TMDB_LINK = /^https?:\/\/(?:www\.)?themoviedb\.org\/movie\/(\d{1,10})(?:[-/?#]|$)/;

  function firstLink(pattern, selectors) {
    for (const selector of selectors) {
      for (const a of document.querySelectorAll(selector)) {
        const match = pattern.exec(a.href);
        if (match) return match[1];
      }
    }
    return undefined;
  }

  // Where each site keeps a film's ids (see the README for the markup each relies on).
  const READERS = {
    "www.themoviedb.org": () => ({tmdb: (/^\/movie\/(\d{1,10})(?:[-/]|$)/.exec(location.pathname) || [])[1]}),
    "www.imdb.com": imdb,
    "m.imdb.com": imdb,
    "letterboxd.com": () => {
      const body = document.body;
      const tv = body && body.dataset.tmdbType && body.dataset.tmdbType !== "movie";
      const tmdb = body && !tv && /^\d{1,10}$/.test(body.dataset.tmdbId || "") ? body.dataset.tmdbId : undefined;
      return {
        tmdb: tmdb ?? firstLink(TMDB_LINK, ['a[data-track-action="TMDB"]', 'a[href*="themoviedb.org/movie/"]']),
        imdb: firstLink(IMDB_LINK, ['a[data-track-action="IMDb"]', 'a[href*="imdb.com/title/tt"]']),
      };
    },
    "trakt.tv": trakt,
    "app.trakt.tv": trakt,
  };

  function imdb() {
    return {imdb: (/^\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?title\/(tt\d{5,10})(?:\/|$)/i.exec(location.pathname) || [])[1]};
  }

  function trakt() {
    return {
      tmdb: firstLink(TMDB_LINK, ["#external-link-tmdb", 'a[href*="themoviedb.org/movie/"]']),
      imdb: firstLink(IMDB_LINK, ["#external-link-imdb", 'a[href*="imdb.com/title/tt"]']),
    };
  }

  function filmIds() {
    const read = READERS[location.hostname];
    const ids = read ? read() : {};
    return Object.fromEntries(Object.entries(ids).filter(([, v]) => v));
  }

  // ---- the badge ----------------------------------------------------------------------
  const COLOURS = {found: "#1b5e20", absent: "#424242", error: "#616161"};

  function styled(tag, style, text) {
    const el = document.createElement(tag);
    Object.assign(el.style, style);
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function watchLine(watch) {
    const parts = [];
    if (watch.watched) parts.push(watch.plays > 1 ? `Watched ${watch.plays} times` : "Watched");
    else if (watch.watchlist) parts.push("On your watchlist");
    else parts.push("Not watched yet");
    if (watch.last_played) parts.push(`last ${watch.last_played}`);
    if (watch.favorite) parts.push("★ favourite");
    if (watch.rating) parts.push(`rated ${watch.rating}/10`);
    return parts.join(" · ");
  }

  function content(answer) {
    const box = styled("div", {display: "flex", flexDirection: "column", gap: "2px"});
    if (answer.state === "found") {
      box.append(styled("span", {fontWeight: "600"}, "✓ In your library"));
      const name = answer.year ? `${answer.title} (${answer.year})` : answer.title;
      const title = answer.page ? styled("a", {color: "#fff", textDecoration: "underline"}, name)
                                : styled("span", {}, name);
      if (answer.page) {
        title.href = answer.page;
        title.target = "_blank";
        title.rel = "noopener noreferrer";
      }
      box.append(title, styled("span", {opacity: "0.9"}, watchLine(answer.watch || {})));
    } else if (answer.state === "absent") {
      box.append(styled("span", {}, "Not in your library"));
    } else {
      const note = styled("span", {}, "MovieVault: library unavailable");
      note.title = answer.reason || "";
      box.append(note);
    }
    return box;
  }

  function show(answer) {
    document.querySelectorAll(TAG).forEach((old) => old.remove());
    if (!answer || !["found", "absent", "error"].includes(answer.state)) return;
    const host = document.createElement(TAG);
    host.dataset.state = answer.state;
    Object.assign(host.style, {all: "initial", position: "fixed", right: "16px", bottom: "16px",
                               zIndex: "2147483647"});
    const root = host.attachShadow({mode: "closed"});
    const card = styled("aside", {
      display: "flex", alignItems: "flex-start", gap: "10px", maxWidth: "320px", padding: "10px 12px",
      borderRadius: "8px", background: COLOURS[answer.state], color: "#fff", boxShadow: "0 2px 8px rgba(0,0,0,.35)",
      font: "13px/1.4 system-ui, sans-serif", opacity: answer.state === "found" ? "1" : "0.85",
    });
    card.setAttribute("aria-label", "MovieVault");
    const close = styled("button", {all: "unset", cursor: "pointer", padding: "0 2px", fontSize: "15px"}, "×");
    close.title = "Hide";
    close.setAttribute("aria-label", "Hide");
    close.addEventListener("click", () => host.remove());
    card.append(content(answer), close);
    root.append(card);
    (document.body || document.documentElement).append(host);
  }

  // ---- when to look -------------------------------------------------------------------
  let asked = null;      // the page (URL and ids) last asked about

  async function run() {
    const ids = filmIds();
    const key = `${location.href} ${JSON.stringify(ids)}`;
    if (key === asked) return;
    asked = key;
    if (!Object.keys(ids).length) return show(null);
    let answer;
    try {
      answer = await api.runtime.sendMessage({kind: "lookup", ids});
    } catch (_) {
      answer = null;     // the extension was reloaded or updated: stay out of the way
    }
    if (key === asked) show(answer);
  }

  // Sites that render late or navigate without a page load (IMDb, Trakt's app) get another
  // look when the document changes; the key above keeps that to one question per film.
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    setTimeout(() => { pending = false; run(); }, 300);
  }).observe(document.documentElement, {childList: true, subtree: true});
  run();
})();
