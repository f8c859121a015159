// Registers the service worker (N3: the installed app, its offline shell, push) in the built app,
// and opens in place the chat a notification's click asks for (the worker posts it to the
// window it brought forward). Nothing in `npm run dev`: the dev server has no dist/sw.js.
import { isOpenMessage } from "./pushPayload";

export function registerServiceWorker(openPath: (path: string) => void): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.addEventListener("message", (e: MessageEvent) => {
    if (isOpenMessage(e.data) && e.data.url.startsWith("/")) openPath(e.data.url);
  });
  navigator.serviceWorker.startMessages();
  const register = () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  };
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}
