// "Nova transmissão" (A7): what the admin typed, the channels a broadcast may go out on, the
// audience filter as the server takes it (the contacts list's own, without "Bloqueado?": blocked
// contacts are never included), "Agora" or "Agendar" as the time the server takes, what is
// still missing before sending, the body of POST /broadcasts, and which field a server refusal
// is about. Pure.
import { fieldOfMessage, type FieldRules } from "../admin/formErrors";
import type { BroadcastInput } from "../api/types";
import { filterQuery, type ContactFilter, type ContactFilterQuery } from "../contacts/contactFilter";
import type { MessageKey } from "../i18n";

/** The server's default pace (Meta's own limit for a number is about 80 messages a second). */
export const DEFAULT_RATE = 80;
export const MAX_RATE = 1000;

export type When = "now" | "later";

export interface BroadcastDraft {
  name: string;
  channelId: number | null;
  templateId: number | null;
  when: When;
  /** The `datetime-local` value ("2026-12-24T09:00"), read in the browser's time zone. */
  at: string;
  /** "Velocidade", as typed. */
  rate: string;
}

export const EMPTY_DRAFT: BroadcastDraft = { name: "", channelId: null, templateId: null, when: "now", at: "", rate: String(DEFAULT_RATE) };

/** The kinds of channel a template broadcast goes out on (Pages and Instagram have no templates). */
const BROADCAST_KINDS = ["whatsapp", "simulator"];

export function broadcastChannels<C extends { kind: string }>(channels: C[]): C[] {
  return channels.filter((c) => BROADCAST_KINDS.includes(c.kind));
}

/** The audience as the server takes it: the list's filter, with "Bloqueado?" left out. */
export type AudienceFilter = Omit<ContactFilterQuery, "blocked">;

export function audienceFilter(f: ContactFilter): AudienceFilter {
  const { blocked: _blocked, ...rest } = filterQuery({ ...f, blocked: "all" });
  return rest;
}

/** A `datetime-local` value as ms since the epoch (NaN when it is not a time). */
export function localTimeToMs(value: string): number {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? new Date(value).getTime() : NaN;
}

/** A ms time as a `datetime-local` value in the browser's zone ("Agendar"'s first suggestion). */
export function msToLocalTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "Velocidade" as a whole number of messages a second, or null when it is not one in range. */
export function rateOf(value: string): number | null {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= MAX_RATE ? n : null;
}

export type DraftField = "name" | "channel" | "template" | "at" | "rate";

/** What is still missing or wrong, field by field; `now` is the time "Enviar" was pressed. */
export function draftErrors(d: BroadcastDraft, now: number): Partial<Record<DraftField, MessageKey>> {
  const errors: Partial<Record<DraftField, MessageKey>> = {};
  if (!d.name.trim()) errors.name = "broadcastNew.nameRequired";
  if (d.channelId === null) errors.channel = "broadcastNew.channelRequired";
  if (d.templateId === null) errors.template = "broadcastNew.templateRequired";
  if (d.when === "later") {
    const at = localTimeToMs(d.at);
    if (Number.isNaN(at)) errors.at = "broadcastNew.atRequired";
    else if (at <= now) errors.at = "broadcastNew.atPast";
  }
  if (rateOf(d.rate) === null) errors.rate = "broadcastNew.rateInvalid";
  return errors;
}

export interface TemplateValuesBody {
  positional: string[];
  named: Record<string, string>;
}

/** POST /broadcasts' body, with every part spelled out. */
export type NewBroadcastBody = Required<Pick<BroadcastInput, "name" | "channel_id" | "template_id" | "scheduled_at" | "rate_per_s">> & {
  values: TemplateValuesBody;
  filter: AudienceFilter;
};

/** The body of POST /broadcasts, for a draft without errors. "Agora" is `scheduled_at: null`. */
export function newBroadcastBody(d: BroadcastDraft, values: TemplateValuesBody, filter: ContactFilter): NewBroadcastBody {
  return {
    name: d.name.trim(),
    channel_id: d.channelId!,
    template_id: d.templateId!,
    values,
    filter: audienceFilter(filter),
    scheduled_at: d.when === "later" ? localTimeToMs(d.at) : null,
    rate_per_s: rateOf(d.rate),
  };
}

/**
 * Which field a refusal of POST /broadcasts is about (its words, most specific first). The
 * channel's ("Transmissões enviam templates: escolha um número de WhatsApp ou o simulador.")
 * names templates too, so it comes before the template's.
 */
const RULES: FieldRules<DraftField> = [
  ["rate", ["velocidade", "por segundo"]],
  ["at", ["agend", "data", "horário", "passado"]],
  ["channel", ["número de whatsapp", "simulador", "canal"]],
  ["template", ["template", "parâmetro", "modelo"]],
  ["name", ["nome"]],
];

export function broadcastFieldOfMessage(message: string): DraftField | null {
  return fieldOfMessage(message, RULES);
}
