/* MovieVault's service worker, on Workbox (assets/movievault/workbox/, vendored, MIT).
 *
 * sw.js at the site root (written by the plugin at every build, movievault_build/site/offline.py)
 * sets self.MOVIEVAULT = {precache: [{url, revision}], offline: "offline.html"} and imports
 * Workbox and this file. Every URL is relative to the worker, so a site under a sub-path works.
 *
 * - The app shell (stylesheets, scripts, icons), the home and library pages, the library index
 *   and the viewer's state are precached at install, each under its content hash: after one
 *   visit the library browses, filters and searches offline. A build that changes any of them
 *   changes sw.js, the browser installs the new worker on the next visit, it takes over, and
 *   the page says so (assets/movievault/app.js).
 * - Other pages: network first (a slow network gives up after a few seconds), the copy from the
 *   last visit offline, else the offline page.
 * - Posters and other images: from the cache once seen (the newest 2,000 kept).
 * - Movie documents and search shards: the cached copy at once, refreshed in the background.
 */
/* global workbox */
(function () {
  "use strict";
  var config = self.MOVIEVAULT || { precache: [], offline: "offline.html" };
  var scope = self.registration.scope;                 // ends with "/"
  workbox.setConfig({ debug: false, modulePathPrefix: new URL("assets/movievault/workbox/", scope).href });
  workbox.core.setCacheNameDetails({ prefix: "movievault" });
  workbox.core.skipWaiting();
  workbox.core.clientsClaim();

  var precaching = workbox.precaching, routing = workbox.routing, strategies = workbox.strategies;
  var Expiration = workbox.expiration.ExpirationPlugin;
  precaching.cleanupOutdatedCaches();
  // Query strings name a library view (?g=Drama), not another file: the precached page serves them all.
  precaching.precacheAndRoute(config.precache, { ignoreURLParametersMatching: [/.*/], directoryIndex: "index.html" });

  function inScope(url) { return url.origin === self.location.origin && url.href.indexOf(scope) === 0; }
  function isPage(request, url) {
    return request.mode === "navigate" || request.destination === "document" ||
      (request.method === "GET" && /(\/|\.html)$/.test(url.pathname) && !/\/api\//.test(url.pathname));
  }

  var pages = new strategies.NetworkFirst({
    cacheName: "movievault-pages", networkTimeoutSeconds: 4,
    plugins: [new Expiration({ maxEntries: 300, purgeOnQuotaError: true })]
  });
  routing.registerRoute(function (o) { return inScope(o.url) && isPage(o.request, o.url); }, pages);
  routing.registerRoute(function (o) { return inScope(o.url) && o.request.destination === "image"; },
    new strategies.CacheFirst({ cacheName: "movievault-images",
      plugins: [new Expiration({ maxEntries: 2000, purgeOnQuotaError: true })] }));
  routing.registerRoute(function (o) { return inScope(o.url) && /\.json$/.test(o.url.pathname); },
    new strategies.StaleWhileRevalidate({ cacheName: "movievault-data",
      plugins: [new Expiration({ maxEntries: 600, purgeOnQuotaError: true })] }));
  routing.registerRoute(function (o) { return inScope(o.url) && /\.(css|js|svg|png|woff2?)$/.test(o.url.pathname); },
    new strategies.StaleWhileRevalidate({ cacheName: "movievault-assets",
      plugins: [new Expiration({ maxEntries: 200, purgeOnQuotaError: true })] }));

  // Offline and never visited: the offline page for pages (its links are relative to the site
  // root, which a <base> makes them at any depth), nothing for the rest.
  routing.setCatchHandler(function (o) {
    if (!o.request || !isPage(o.request, o.url)) return Promise.resolve(Response.error());
    return precaching.matchPrecache(config.offline).then(function (hit) {
      if (!hit) return Response.error();
      return hit.text().then(function (html) {
        return new Response(html.replace(/<head>/i, '<head><base href="' + scope + '">'),
                            { headers: { "Content-Type": "text/html; charset=utf-8" } });
      });
    });
  });
})();
