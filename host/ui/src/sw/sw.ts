// The service worker (N3), built by vite-plugin-pwa (injectManifest) into dist/sw.js:
// - the app shell (index.html, scripts, styles, icons, the sound) precached at install, so the
//   app opens with the server or the network down and shows "Sem conexão" itself;
// - navigations: the network first (a new deploy is seen at once), the precached index.html
//   when it cannot answer; /api/ is never routed here, so no API answer is ever cached;
// - push: the server's payload shown as a notification (one per chat);
// - a click on one: the app's open window comes forward and opens the chat, or a new one opens.
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { notificationFromPush, parsePayload, pickWindow, type OpenMessage } from "../notifications/pushPayload";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

const NAVIGATION_TIMEOUT_MS = 5_000;

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();

async function fetchWithTimeout(request: Request, ms: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await fetch(request, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

// Registered before the precache's own route, so navigations to "/" go through it too.
registerRoute(
  new NavigationRoute(
    async ({ request }) => {
      try {
        return await fetchWithTimeout(request, NAVIGATION_TIMEOUT_MS);
      } catch {
        return (await matchPrecache("/index.html")) ?? Response.error();
      }
    },
    { denylist: [/^\/api\//] },
  ),
);

precacheAndRoute(self.__WB_MANIFEST);

self.addEventListener("push", (event) => {
  let text: string | null = null;
  try {
    text = event.data?.text() ?? null;
  } catch {
    text = null;
  }
  const shown = notificationFromPush(parsePayload(text));
  event.waitUntil(self.registration.showNotification(shown.title, shown.options as NotificationOptions));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data as { url?: string } | undefined;
  const url = new URL(data?.url ?? "/chat", self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const target = pickWindow(windows, self.location.origin);
      if (target) {
        const focused = await target.focus().catch(() => target);
        // The app opens the chat in place (no reload); a window that is not the app yet navigates.
        const message: OpenMessage = { type: "atende.open", url: new URL(url).pathname };
        focused.postMessage(message);
        return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});
