// Kombel: keeps the observation capture pages and their files so they reload with no connection.
// Pages: the network first, the cache when it fails. Files: the cache first. The API is never
// cached (the page keeps unsent captures in IndexedDB and sends them itself).
const CACHE = "kombel-capture-v2";
self.addEventListener("install", (event) => { self.skipWaiting(); });
self.addEventListener("activate", (event) => { event.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate" && url.pathname.endsWith("/capture/")) {
    event.respondWith(
      fetch(request).then((response) => {
        if (response.ok) { const copy = response.clone(); caches.open(CACHE).then((c) => c.put(url.pathname, copy)); }
        return response;
      }).catch(() => caches.match(url.pathname).then((hit) => hit || Response.error()))
    );
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
