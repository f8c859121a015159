// Display helpers: times and days (epoch ms) in the UI language, contact and author names, message
// summaries.
import { currentLang, translate } from "./i18n";
import type { Conversation, Message } from "./api/types";

function sameDay(a: Date, b: Date): boolean {
  return (
    a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()
  );
}

/** "14:05" today, "25/11 14:05" on other days (in the list and on bubbles). */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "";
  const d = new Date(ms);
  const time = d.toLocaleTimeString(currentLang(), { hour: "2-digit", minute: "2-digit" });
  if (sameDay(d, new Date())) return time;
  const date = d.toLocaleDateString(currentLang(), { day: "2-digit", month: "2-digit" });
  return `${date} ${time}`;
}

/** "06/12/2026": a day alone (when a contact's data was erased). */
export function formatDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "";
  return new Date(ms).toLocaleDateString(currentLang(), { day: "2-digit", month: "2-digit", year: "numeric" });
}

/** "06/12/2026 18:17": a day and a time to read at a glance (schedules, sessions, notes). */
export function formatDayTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "";
  const time = new Date(ms).toLocaleTimeString(currentLang(), { hour: "2-digit", minute: "2-digit" });
  return `${formatDate(ms)} ${time}`;
}

/** Full date and time, for title attributes. */
export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "";
  return new Date(ms).toLocaleString(currentLang());
}

export function conversationTitle(c: Conversation): string {
  if (c.kind === "internal") return translate("conv.internalChat");
  return c.contact?.name || c.contact?.phone || translate("conv.unknownContact");
}

export function authorName(m: Message, c: Conversation | null): string {
  if (m.author.name) return m.author.name;
  if (m.author.kind === "contact" && c?.contact?.name) return c.contact.name;
  return translate(`msg.author.${m.author.kind}`);
}

/**
 * The text to show for a message; non-text kinds get a bracketed label when they carry no text,
 * and one whose content was erased (LGPD: the contact's request or the retention limit) says so.
 */
export function messageText(m: Message): string {
  if (m.erased_at != null) return translate("msg.erased");
  if (m.text) return m.text;
  switch (m.kind) {
    case "image":
    case "audio":
    case "video":
    case "document":
    case "sticker":
    case "location":
    case "contact":
    case "reaction":
    case "template":
    case "interactive":
      return translate(`msg.kind.${m.kind}`);
    default:
      return translate("msg.kind.other");
  }
}
