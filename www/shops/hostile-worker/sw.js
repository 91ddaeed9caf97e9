// The proxy page's service worker: /collect goes to Google Analytics from here.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.pathname !== '/collect') return;
  event.respondWith(fetch(`https://www.google-analytics.com/g/collect${url.search}`, { mode: 'no-cors' })
    .then(() => new Response('', { status: 204 }), () => new Response('', { status: 204 })));
});
