// N2, the notification sound. The server tells a page which events concern its user (a contact's
// new message in their or their department's chat, a chat handed to them or their department,
// never a chat they may not see: "notifications.changed"); the page then decides whether to play
// the sound, as the source text says:
//   Há notificação sonora: when the agent is not on the Chat page (Contatos, Dashboard …); when
//     the Chat page is in another browser tab or the window is minimised.
//   Não há notificação sonora: when the agent is looking at the Chat page; when the sound icon was
//     clicked to turn the sounds off (kept on this device only). The cases about who is told
//     (not assigned, not in the department, chat permissions) are the server's: no event comes.
import { useSyncExternalStore } from "react";
import type { PresencePage } from "./presence";

export interface SoundContext {
  /** The screen this page shows. */
  page: PresencePage;
  /** Whether the page can be seen (document.visibilityState === "visible"). */
  visible: boolean;
  /** The sound icon's state on this device. */
  muted: boolean;
}

/** Whether a "notifications.changed" event plays the sound on this page. */
export function shouldPlaySound({ page, visible, muted }: SoundContext): boolean {
  if (muted) return false;
  return page !== "chat" || !visible;
}

// ---- the mute toggle, kept per device ----

const STORAGE_KEY = "atende.sound.muted";
const listeners = new Set<() => void>();

function readMuted(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === "1";
  } catch {
    return false;
  }
}

let muted: boolean | null = null;

export function isMuted(): boolean {
  muted ??= readMuted();
  return muted;
}

export function setMuted(next: boolean): void {
  muted = next;
  try {
    if (next) localStorage.setItem(STORAGE_KEY, "1");
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // private mode: the choice lasts for this page only
  }
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab of this browser changed it: follow.
  const onStorage = (e: StorageEvent) => {
    if (e.key !== STORAGE_KEY) return;
    muted = readMuted();
    listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** Whether this device's sounds are off, re-rendering on change. */
export function useMuted(): boolean {
  return useSyncExternalStore(subscribe, isMuted);
}
