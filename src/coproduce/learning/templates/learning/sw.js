{% autoescape off %}/* The noticeboard and learning's service worker (learning/offline.py says what it keeps and why). */
"use strict";
const VERSION = "{{ version }}";
const SHELL = "learning-shell-" + VERSION;
const PAGES = "learning-pages-" + VERSION + "-";
const PRECACHE = {{ precache }};
const OFFLINE = "{{ offline_url }}";
const HEADER = "{{ header }}";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("learning-") && n !== SHELL && !n.startsWith(PAGES)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

/* The pages cache of this account; another account's pages are deleted first. */
async function pagesFor(user) {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PAGES) && n !== PAGES + user).map((n) => caches.delete(n)));
  return caches.open(PAGES + user);
}

async function currentPages() {
  const names = await caches.keys();
  const name = names.find((n) => n.startsWith(PAGES));
  return name ? caches.open(name) : null;
}

async function keep(cache, url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (response.ok && response.headers.get(HEADER) === "{{ keep }}") {
    await cache.put(url, response);
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (typeof data.user !== "string") return;
  const urls = (data.keep || []).filter((u) => typeof u === "string" && u.startsWith("/"));
  event.waitUntil(
    pagesFor(data.user)
      .then((cache) => Promise.all(urls.map((u) => keep(cache, u).catch(() => null))))
      .then(() => event.source && event.source.postMessage({ kept: urls.length }))
  );
});

async function page(request) {
  try {
    const response = await fetch(request);
    if (response.ok && response.headers.get(HEADER) === "{{ keep }}") {
      const cache = await currentPages();
      if (cache) await cache.put(request.url, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await caches.match(request.url, { ignoreVary: true });
    return kept || (await caches.match(OFFLINE)) || Response.error();
  }
}

async function asset(request) {
  const kept = await caches.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(asset(request));
  }
});
{% endautoescape %}
