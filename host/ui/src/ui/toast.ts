// Short notices at the corner of the screen ("Chat iniciado", an error): a tiny store any code
// can push to, shown by <Toasts />. Each goes away by itself after a few seconds.
import { useSyncExternalStore } from "react";

export interface Toast {
  id: number;
  text: string;
  tone: "info" | "error";
}

const SHOW_MS = 5000;
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  listeners.forEach((l) => l());
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function showToast(text: string, tone: Toast["tone"] = "info"): void {
  const id = nextId++;
  toasts = [...toasts.slice(-3), { id, text, tone }];
  emit();
  setTimeout(() => dismissToast(id), SHOW_MS);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useToasts(): Toast[] {
  return useSyncExternalStore(subscribe, () => toasts);
}
