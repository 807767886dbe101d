/* MovieVault under `mkdocs serve`: a page must show the last save at once, not a copy kept
 * offline. sw.js there imports only this: the worker empties what an earlier one kept and
 * removes itself from the browser (movievault_build/site/offline.py). */
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("movievault") === 0; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.registration.unregister(); }));
});
