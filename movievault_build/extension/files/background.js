/* Answers the content script's "is this film in my library?" from the configured site's
   static API (api/ids.json, api/user-state.json, api/movies/<slug>.json) and from nowhere
   else. Runs as Chromium's service worker and as Firefox's event page. */
"use strict";

if (typeof siteAddressOf === "undefined" && typeof importScripts === "function") importScripts("address.js");

const api = globalThis.browser ?? globalThis.chrome;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FRESH_MS = 60 * 1000;     // one fetch of the index serves every film page opened within a minute
let memo = null;                // {site, at, library}

api.runtime.onInstalled.addListener(({reason}) => {
  if (reason === "install") api.runtime.openOptionsPage();
});
if (api.action) api.action.onClicked.addListener(() => api.runtime.openOptionsPage());

api.runtime.onMessage.addListener((message, sender, reply) => {
  if (sender.id !== api.runtime.id) return false;
  const kinds = {lookup: () => lookup(message.ids || {}), check, users};
  const work = message && Object.hasOwn(kinds, message.kind) ? kinds[message.kind]() : null;
  if (!work) return false;
  work.catch((error) => ({state: "error", reason: String(error && error.message || error)})).then((answer) => {
    if (message.kind === "lookup" && sender.tab) mark(sender.tab.id, answer.state);
    reply(answer);
  });
  return true;      // the answer comes later
});

// The toolbar button repeats the answer for the tab, so a hidden badge still tells.
const MARKS = {found: ["✓", "#1b5e20", "In your library"], absent: ["", "#424242", "Not in your library"],
               error: ["!", "#616161", "Your library could not be read"],
               unconfigured: ["?", "#3f51b5", "Set your MovieVault site's address in the options"]};

function mark(tabId, state) {
  if (!api.action || !MARKS[state]) return;
  const [text, colour, title] = MARKS[state];
  api.action.setBadgeText({tabId, text}).catch(() => {});
  api.action.setBadgeBackgroundColor({tabId, color: colour}).catch(() => {});
  api.action.setTitle({tabId, title: `MovieVault: ${title}`}).catch(() => {});
}

const DEFAULT_STATE = "api/user-state.json";
const STATE_FILE = /^api\/(user-state|users\/[a-z0-9][a-z0-9_-]*)\.json$/;   // whose watch state: the options' choice

async function configured() {
  const {site, state} = await api.storage.local.get(["site", "state"]);
  return {site: site ? siteAddressOf(site) : null, state: STATE_FILE.test(state || "") ? state : DEFAULT_STATE};
}

async function getJson(url) {
  // The user's own site only; cookies go with it so a site behind a login still answers.
  const response = await fetch(url, {credentials: "include", redirect: "error"});
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

function isIndex(doc) {
  return doc && doc.version === 1 && Array.isArray(doc.movies) && doc.ids && typeof doc.ids === "object";
}

async function library(site, stateFile) {
  const key = `${site} ${stateFile}`;
  if (memo && memo.key === key && Date.now() - memo.at < FRESH_MS) return memo.library;
  const ids = await getJson(new URL("api/ids.json", site));
  if (!isIndex(ids)) throw new Error("api/ids.json is not a MovieVault id index");
  // Watch state is optional: a site without it still answers "in the library".
  const state = await getJson(new URL(stateFile, site)).catch(() => null);
  const watch = state && state.movies && typeof state.movies === "object" ? state.movies : {};
  memo = {key, at: Date.now(), library: {ids, watch}};
  return memo.library;
}

/** The index into `ids.movies` of the first of the page's ids the library knows, or -1. */
function position(index, ids) {
  for (const [provider, raw] of Object.entries(ids)) {
    const table = index.ids[provider];
    const key = provider === "imdb" ? String(raw).toLowerCase() : String(raw);
    if (table && typeof table === "object" && Object.hasOwn(table, key)) {
      const at = table[key];
      if (Number.isInteger(at) && at >= 0 && at < index.movies.length) return at;
    }
  }
  return -1;
}

/** A link on the site itself, or null: the index must not send the reader anywhere else. */
function pageOn(site, path) {
  try {
    const url = new URL(String(path), site);
    return url.origin === new URL(site).origin && url.href.startsWith(site) ? url.href : null;
  } catch (_) {
    return null;
  }
}

function watchOf(entry) {
  if (!entry || typeof entry !== "object") return {};
  const out = {};
  for (const key of ["watched", "favorite", "watchlist"]) if (entry[key] === true) out[key] = true;
  if (typeof entry.rating === "number" && entry.rating > 0 && entry.rating <= 10) out.rating = entry.rating;
  if (Number.isInteger(entry.plays) && entry.plays > 0) out.plays = entry.plays;
  if (typeof entry.last_played === "string") out.last_played = entry.last_played.slice(0, 10);
  return out;
}

async function lookup(ids) {
  const {site, state} = await configured();
  if (!site) return {state: "unconfigured"};
  try {
    const found = await library(site, state);
    const at = position(found.ids, ids);
    if (at < 0) return {state: "absent", site};
    const [slug, path] = Array.isArray(found.ids.movies[at]) ? found.ids.movies[at] : [];
    if (typeof slug !== "string" || !SLUG.test(slug)) throw new Error("api/ids.json: a movie with a bad slug");
    const movie = await getJson(new URL(`api/movies/${slug}.json`, site)).catch(() => ({}));
    return {
      state: "found", site, slug, page: pageOn(site, path),
      title: typeof movie.title === "string" && movie.title ? movie.title : slug,
      year: Number.isInteger(movie.year) ? movie.year : null,
      watch: watchOf(found.watch[slug]),
    };
  } catch (error) {
    return {state: "error", site, reason: String(error && error.message || error).slice(0, 300)};
  }
}

/** The options page's "is it working?": how many films the site's index holds. */
async function check() {
  const {site, state} = await configured();
  if (!site) return {state: "unconfigured"};
  memo = null;
  try {
    const found = await library(site, state);
    return {state: "ok", site, movies: found.ids.movies.length};
  } catch (error) {
    return {state: "error", site, reason: String(error && error.message || error).slice(0, 300)};
  }
}

/** The site's users (api/users.json) whose watch state the badge can show; [] for a site
    without the file or with one user. */
async function users() {
  const {site, state} = await configured();
  if (!site) return {users: []};
  const doc = await getJson(new URL("api/users.json", site)).catch(() => null);
  const listed = doc && Array.isArray(doc.users) ? doc.users : [];
  const valid = listed.filter((u) => u && typeof u.label === "string" && STATE_FILE.test(u.state))
    .map((u) => ({label: u.label.slice(0, 80), state: u.state}));
  return {users: valid.length > 1 ? valid : [], chosen: state};
}
