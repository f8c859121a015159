// The list's filter (L1 view, L2 filters, L3 sort, L4 search, L14 shortcut) as the URL holds it:
// parsing and writing the search params, the server query it becomes, a stable cache key, and
// whether a live snapshot matches it (mirroring host/src/store/conversations.rs).
import type { Conversation, ConversationQuery } from "../api/types";
import { inView, VIEWS, type View, type Viewer } from "./access";

export type Sort = "recent" | "oldest" | "opening_recent" | "opening_oldest";
export const SORTS: readonly Sort[] = ["recent", "oldest", "opening_recent", "opening_oldest"];

export type ChannelKind = "whatsapp" | "instagram" | "messenger" | "simulator";
export const CHANNEL_KINDS: readonly ChannelKind[] = ["whatsapp", "instagram", "messenger", "simulator"];

/** What the /chat URL's search params hold. Absent = the default. */
export interface ChatSearch {
  view?: View;
  sort?: Sort;
  /** L14: only the team chat. */
  internal?: boolean;
  /** L2 "Visibilidade": only unread chats. */
  unread?: boolean;
  tag?: number;
  department?: number;
  campaign?: string;
  agent?: number;
  channel?: ChannelKind;
  /** L4: name, phone or protocol. */
  q?: string;
  /** A5: the deep link's phone, resolved and then dropped from the URL. */
  target_phone?: string;
}

export interface ListFilter {
  view: View;
  sort: Sort;
  internal: boolean;
  unread: boolean;
  tag: number | null;
  department: number | null;
  campaign: string | null;
  agent: number | null;
  channel: ChannelKind | null;
  q: string | null;
}

function positiveInt(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function text(v: unknown): string | undefined {
  if (typeof v === "number") return String(v);
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t ? t : undefined;
}

function flag(v: unknown): boolean | undefined {
  return v === true || v === "true" || v === 1 || v === "1" ? true : undefined;
}

function oneOf<T extends string>(v: unknown, options: readonly T[]): T | undefined {
  return options.includes(v as T) ? (v as T) : undefined;
}

/** Reads the search params, dropping anything unknown or malformed (a hand-typed URL). */
export function parseChatSearch(raw: Record<string, unknown>): ChatSearch {
  const out: ChatSearch = {
    view: oneOf(raw.view, VIEWS),
    sort: oneOf(raw.sort, SORTS),
    internal: flag(raw.internal),
    unread: flag(raw.unread),
    tag: positiveInt(raw.tag),
    department: positiveInt(raw.department),
    campaign: text(raw.campaign),
    agent: positiveInt(raw.agent),
    channel: oneOf(raw.channel, CHANNEL_KINDS),
    q: text(raw.q),
    target_phone: text(raw.target_phone),
  };
  if (out.view === "all") delete out.view;
  if (out.sort === "recent") delete out.sort;
  for (const key of Object.keys(out) as (keyof ChatSearch)[]) if (out[key] === undefined) delete out[key];
  return out;
}

export function toFilter(s: ChatSearch): ListFilter {
  return {
    view: s.view ?? "all",
    sort: s.sort ?? "recent",
    internal: s.internal ?? false,
    unread: s.unread ?? false,
    tag: s.tag ?? null,
    department: s.department ?? null,
    campaign: s.campaign ?? null,
    agent: s.agent ?? null,
    channel: s.channel ?? null,
    q: s.q ?? null,
  };
}

/** The search params without the list's filters (what "Limpar filtros" leaves). */
export function clearedFilters(s: ChatSearch): ChatSearch {
  return s.sort ? { sort: s.sort } : {};
}

/** How many L2 filters and shortcuts narrow the list (for the "Filtros" button's badge). */
export function activeFilterCount(f: ListFilter): number {
  return [f.internal, f.unread, f.tag, f.department, f.campaign, f.agent, f.channel].filter(
    (v) => v !== null && v !== false,
  ).length;
}

/** The server's query for one page of this list. */
export function toQuery(f: ListFilter, cursor: string | null, limit: number): ConversationQuery {
  const q: ConversationQuery = { view: f.view, sort: f.sort, limit };
  if (f.internal) q.internal = "only";
  if (f.unread) q.unread = true;
  if (f.tag !== null) q.tag = f.tag;
  if (f.department !== null) q.department = f.department;
  if (f.campaign !== null) q.campaign = f.campaign;
  if (f.agent !== null) q.agent = f.agent;
  if (f.channel !== null) q.channel = f.channel;
  if (f.q !== null) q.search = f.q;
  if (cursor) q.cursor = cursor;
  return q;
}

/** A stable cache key for the filter (field order fixed). */
export function filterKey(f: ListFilter): string {
  return JSON.stringify([f.view, f.sort, f.internal, f.unread, f.tag, f.department, f.campaign, f.agent, f.channel, f.q]);
}

/**
 * Whether a live snapshot belongs in this list: true, false, or "unknown" when the filter looks
 * at something the snapshot does not carry (the contact's tags), so only the server can say.
 */
export function matches(c: Conversation, f: ListFilter, viewer: Viewer): boolean | "unknown" {
  if (!inView(f.view, viewer, c)) return false;
  if (f.internal && c.kind !== "internal") return false;
  if (f.unread && !c.unread) return false;
  if (f.department !== null && c.department?.id !== f.department) return false;
  if (f.agent !== null && c.agent?.id !== f.agent) return false;
  if (f.campaign !== null && c.contact?.campaign !== f.campaign) return false;
  if (f.channel !== null && c.channel?.kind !== f.channel) return false;
  if (f.q !== null && !matchesSearch(c, f.q)) return false;
  if (f.tag !== null) return "unknown";
  return true;
}

/** L4 as the server applies it: active chats only; name contains, protocol starts with, phone contains (4+ digits). */
export function matchesSearch(c: Conversation, q: string): boolean {
  const term = q.trim();
  if (!term) return true;
  if (c.kind !== "contact" || (c.state !== "open" && c.state !== "bot")) return false;
  if ((c.contact?.name ?? "").toLowerCase().includes(term.toLowerCase())) return true;
  if (c.protocol?.startsWith(term)) return true;
  const digits = term.replace(/\D/g, "");
  return digits.length >= 4 && (c.contact?.phone ?? "").includes(digits);
}
