// What the service worker shows for a push (N3) and where a click on it goes: pure functions over
// the server's payload, {"title": contact, "body": line, "conversation_id", "url": "/chat/5",
// "created_at"}, used by src/sw/sw.ts (no DOM or worker types here).

export interface PushPayload {
  title?: unknown;
  body?: unknown;
  conversation_id?: unknown;
  url?: unknown;
  created_at?: unknown;
}

export interface ShownNotification {
  title: string;
  options: {
    body: string;
    /** One notification per chat: a newer one replaces it. */
    tag: string;
    renotify: boolean;
    icon: string;
    badge: string;
    lang: string;
    timestamp?: number;
    data: { url: string; conversationId: number | null };
  };
}

export const NOTIFICATION_ICON = "/icons/icon-192.png";

/** The app's path a notification opens: the payload's own, when it is a path of this app. */
export function appPath(url: unknown, conversationId: number | null): string {
  if (typeof url === "string" && /^\/(?!\/)/.test(url)) return url;
  return conversationId !== null ? `/chat/${conversationId}` : "/chat";
}

/** The notification for a payload (its JSON text, or null when it had none or was not JSON). */
export function notificationFromPush(payload: PushPayload | null): ShownNotification {
  const p = payload ?? {};
  const conversationId = typeof p.conversation_id === "number" && Number.isSafeInteger(p.conversation_id) ? p.conversation_id : null;
  const title = typeof p.title === "string" && p.title.trim() ? p.title : "Atende";
  const body = typeof p.body === "string" ? p.body : "Nova mensagem";
  return {
    title,
    options: {
      body,
      tag: conversationId !== null ? `conversation-${conversationId}` : "atende",
      renotify: true,
      icon: NOTIFICATION_ICON,
      badge: NOTIFICATION_ICON,
      lang: "pt-BR",
      ...(typeof p.created_at === "number" ? { timestamp: p.created_at } : {}),
      data: { url: appPath(p.url, conversationId), conversationId },
    },
  };
}

/** Reads a push's text as JSON; anything else is no payload. */
export function parsePayload(text: string | null | undefined): PushPayload | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" ? (v as PushPayload) : null;
  } catch {
    return null;
  }
}

export interface WindowInfo {
  url: string;
  focused: boolean;
  visibilityState: string;
}

/** Which open window of the app a click brings forward: the focused one, a visible one, any. */
export function pickWindow<T extends WindowInfo>(windows: readonly T[], origin: string): T | null {
  const ours = windows.filter((w) => {
    try {
      return new URL(w.url).origin === origin;
    } catch {
      return false;
    }
  });
  return ours.find((w) => w.focused) ?? ours.find((w) => w.visibilityState === "visible") ?? ours[0] ?? null;
}

/** The message the worker posts to a window to open a chat there in place. */
export interface OpenMessage {
  type: "atende.open";
  url: string;
}

export function isOpenMessage(data: unknown): data is OpenMessage {
  return !!data && typeof data === "object" && (data as OpenMessage).type === "atende.open" && typeof (data as OpenMessage).url === "string";
}
