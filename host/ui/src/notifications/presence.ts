// Presence (N1, N3): each open page tells the server, over the event stream, which screen it
// shows, whether it can be seen and which chat is open. The server keeps bell notifications only
// while the user has no page on the Chat screen, and sends no push to a device showing the Chat
// screen. This module builds the frame from the route and the page's visibility; the shell sends
// it after each connection's hello and whenever one of them changes.

/** Which screen a page shows, as far as notifications care: the Chat screen is every /chat route. */
export type PresencePage = "chat" | "other";

export interface PresenceFrame {
  type: "presence";
  /** This browser profile or installed app (see device.ts). */
  device: string;
  page: PresencePage;
  /** Whether the page can be seen: not a background tab, not a minimised window. */
  visible: boolean;
  /** The chat open on the Chat screen, if any. */
  conversation: number | null;
}

/** "/chat", "/chat/5", "/chat/5/settings" are the Chat screen; everything else is not. */
export function pageOf(pathname: string): PresencePage {
  return pathname === "/chat" || pathname.startsWith("/chat/") ? "chat" : "other";
}

/** The conversation a Chat route shows ("/chat/5" and "/chat/5/settings": 5). */
export function conversationOf(pathname: string): number | null {
  const m = /^\/chat\/(\d+)(?:\/|$)/.exec(pathname);
  if (!m) return null;
  const id = Number(m[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The frame for a page at `pathname` whose document is `visibility` ("visible", "hidden" …). */
export function presenceFrame(device: string, pathname: string, visibility: string): PresenceFrame {
  const page = pageOf(pathname);
  return {
    type: "presence",
    device,
    page,
    visible: visibility === "visible",
    conversation: page === "chat" ? conversationOf(pathname) : null,
  };
}

export function samePresence(a: PresenceFrame | null, b: PresenceFrame | null): boolean {
  if (a === null || b === null) return a === b;
  return a.device === b.device && a.page === b.page && a.visible === b.visible && a.conversation === b.conversation;
}
