/* The site's address as the options page stores it and the background reads it: an
   http(s) URL of the site's root, ending in "/", with no credentials, query or fragment.
   Shared by options.html and the background (loaded before either's own script). */
"use strict";

/** The normalised root URL of `text`, or null when it is no http(s) address. */
function siteAddressOf(text) {
  let url;
  try {
    const raw = String(text || "").trim();
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`);
  } catch (_) {
    return null;
  }
  if (!["http:", "https:"].includes(url.protocol) || !url.hostname || url.username || url.password) return null;
  url.search = "";
  url.hash = "";
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url.href;
}

/** The host permission the site needs: its scheme and host, any port (a match pattern has none). */
function originPatternOf(site) {
  const url = new URL(site);
  return `${url.protocol}//${url.hostname}/*`;
}
