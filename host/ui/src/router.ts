// A tiny client-side router: the current path as React state, and navigate() over the History API.
// The server answers index.html for every non-/api path, so /login or /simulator/<key> load directly.
import { useSyncExternalStore } from "react";

const listeners = new Set<() => void>();

function notify(): void {
  listeners.forEach((l) => l());
}

window.addEventListener("popstate", notify);

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (path === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const getPath = () => location.pathname;

export function usePath(): string {
  return useSyncExternalStore(subscribe, getPath);
}
