// Typed readings of a message's `payload`, whose shape depends on its kind and direction (the
// server's domain/content.rs for what we send, channels/*/inbound.rs for what contacts send):
// a file, a place, contact cards, a tapped button or list row, our buttons or list, a
// template's name, a reaction. The document types `payload` as a bare object, so every reader
// checks what it reads and answers null for anything else.
import type { Message } from "../api/types";

type Json = Record<string, unknown>;

function obj(v: unknown): Json | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;
}

function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

function num(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

const MEDIA_KINDS = ["image", "audio", "video", "document", "sticker"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export function isMediaKind(kind: string): kind is MediaKind {
  return (MEDIA_KINDS as readonly string[]).includes(kind);
}

export interface MediaInfo {
  /** Where the browser fetches the file (GET /api/v1/messages/{id}/media). */
  url: string;
  mime: string | null;
  fileName: string | null;
  /** An OGG/Opus voice note (C15). */
  voice: boolean;
  /** The channel's file could not be downloaded (the server gave up): nothing to fetch. */
  failed: boolean;
}

export function media(m: Message): MediaInfo | null {
  if (!isMediaKind(m.kind)) return null;
  const part = obj(obj(m.payload)?.media);
  return {
    url: `/api/v1/messages/${m.id}/media`,
    mime: str(part?.mime_type),
    fileName: str(part?.file_name),
    voice: part?.voice === true,
    failed: part?.state === "failed",
  };
}

export interface Place {
  latitude: number;
  longitude: number;
  name: string | null;
  address: string | null;
}

export function location(m: Message): Place | null {
  if (m.kind !== "location") return null;
  const part = obj(obj(m.payload)?.location);
  const latitude = num(part?.latitude);
  const longitude = num(part?.longitude);
  if (latitude === null || longitude === null) return null;
  return { latitude, longitude, name: str(part?.name), address: str(part?.address) };
}

/** A map of the place, in the browser's map site of choice (OpenStreetMap: no key, no tracking). */
export function mapLink(p: Place): string {
  const lat = p.latitude.toFixed(6);
  const lon = p.longitude.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

/** "-22.906847, -43.172897": the coordinates as they are read out. */
export function coordinates(p: Place): string {
  return `${p.latitude.toFixed(6)}, ${p.longitude.toFixed(6)}`;
}

export interface Card {
  name: string;
  phones: string[];
  emails: string[];
}

/**
 * The contact cards of a contact message: ours as `{card: {name, phones, emails}}` (C10), a
 * contact's as WhatsApp's `{contacts: [{name: {formatted_name}, phones: [{phone}], emails: [{email}]}]}`.
 */
export function cards(m: Message): Card[] {
  if (m.kind !== "contact") return [];
  const p = obj(m.payload);
  const ours = obj(p?.card);
  if (ours) {
    return [
      {
        name: str(ours.name) ?? m.text ?? "",
        phones: list(ours.phones).map(str).filter((x): x is string => x !== null),
        emails: list(ours.emails).map(str).filter((x): x is string => x !== null),
      },
    ];
  }
  return list(p?.contacts)
    .map(obj)
    .filter((c): c is Json => c !== null)
    .map((c) => ({
      name: str(obj(c.name)?.formatted_name) ?? str(c.name) ?? "",
      phones: list(c.phones)
        .map((x) => str(obj(x)?.phone) ?? str(obj(x)?.wa_id))
        .filter((x): x is string => x !== null),
      emails: list(c.emails)
        .map((x) => str(obj(x)?.email))
        .filter((x): x is string => x !== null),
    }));
}

export interface Reply {
  /** `button_reply`, `list_reply`, `quick_reply` (a template's button) … */
  type: string;
  title: string | null;
  description: string | null;
}

/** The button or list row a contact tapped (their message's text is its title). */
export function reply(m: Message): Reply | null {
  if (m.direction !== "inbound") return null;
  const r = obj(obj(m.payload)?.reply);
  if (!r) return null;
  return { type: str(r.type) ?? "button_reply", title: str(r.title), description: str(r.description) };
}

export interface Choices {
  kind: "buttons" | "list";
  header: string | null;
  footer: string | null;
  /** The label of the button that opens a list. */
  button: string | null;
  options: { id: string; title: string; description: string | null }[];
}

/** Our reply buttons or list (an outbound interactive message). */
export function choices(m: Message): Choices | null {
  if (m.kind !== "interactive") return null;
  const i = obj(obj(m.payload)?.interactive);
  if (!i) return null;
  const option = (x: unknown) => {
    const o = obj(x);
    const id = str(o?.id);
    const title = str(o?.title);
    return id && title ? { id, title, description: str(o?.description) } : null;
  };
  const buttons = list(i.buttons);
  const base = { header: str(i.header), footer: str(i.footer) };
  if (buttons.length) {
    return { kind: "buttons", ...base, button: null, options: buttons.map(option).filter((o) => o !== null) };
  }
  const rows = list(i.sections).flatMap((s) => list(obj(s)?.rows));
  return { kind: "list", ...base, button: str(i.button), options: rows.map(option).filter((o) => o !== null) };
}

/** The name of the template a template message sent. */
export function templateName(m: Message): string | null {
  if (m.kind !== "template") return null;
  return str(obj(obj(m.payload)?.template)?.name);
}

export interface ReactionInfo {
  /** The emoji, or null when the reaction was taken back. */
  emoji: string | null;
  /** The message reacted to: ours name it; a contact's names it when the server found the
   *  message the channel's id points at (`target_message_id`). */
  targetId: number | null;
}

export function reaction(m: Message): ReactionInfo | null {
  if (m.kind !== "reaction") return null;
  const p = obj(m.payload);
  const removed = p?.removed === true;
  return { emoji: removed ? null : str(p?.emoji), targetId: num(p?.message_id) ?? num(p?.target_message_id) };
}

/** The message a text quotes (a reply with context), when it is ours to show. */
export function quotedId(m: Message): number | null {
  return num(obj(m.payload)?.reply_to);
}
