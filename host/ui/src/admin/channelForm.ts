// The pure side of the "Canais" screen (CH1–CH3): the connect form's draft for a WhatsApp
// number, a Facebook Page or an Instagram account, the body POST /api/v1/channels/meta takes,
// which field a server refusal is about, the credentials rotation's body (only what was typed),
// the "Editar" body (name, number, WABA id, echo word: only what changed) and the full webhook
// address to give Meta.
import type { FieldRules } from "./formErrors";

export type MetaKind = "whatsapp" | "messenger" | "instagram";

export interface MetaDraft {
  kind: MetaKind;
  name: string;
  externalId: string;
  businessId: string;
  displayPhone: string;
  appSecret: string;
  verifyToken: string;
  accessToken: string;
  echoKeyword: string;
}

export type MetaField = "name" | "externalId" | "businessId" | "appSecret" | "verifyToken" | "accessToken";

export function emptyDraft(kind: MetaKind): MetaDraft {
  return { kind, name: "", externalId: "", businessId: "", displayPhone: "", appSecret: "", verifyToken: "", accessToken: "", echoKeyword: "" };
}

/** A verify token to offer: random, URL-safe, 24 characters (people may type their own). */
export function randomVerifyToken(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return Array.from(random(24), (b) => alphabet[b % alphabet.length]).join("");
}

/** The body of POST /api/v1/channels/meta; WhatsApp-only fields only for WhatsApp, blanks left out. */
export function metaChannelBody(d: MetaDraft) {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  const whatsapp = d.kind === "whatsapp";
  return {
    kind: d.kind,
    name: d.name.trim(),
    external_id: d.externalId.trim(),
    business_id: whatsapp ? opt(d.businessId) : undefined,
    display_phone: whatsapp ? opt(d.displayPhone) : undefined,
    echo_keyword: whatsapp ? opt(d.echoKeyword) : undefined,
    app_secret: d.appSecret.trim(),
    verify_token: d.verifyToken.trim(),
    access_token: d.accessToken.trim(),
  };
}

/** The server's messages (http/meta_channels.rs) name their field; the most specific words first. */
export const META_RULES: FieldRules<MetaField> = [
  ["businessId", ["whatsapp business"]],
  ["externalId", ["id do canal", "já existe", "já está conectad"]],
  ["appSecret", ["app secret"]],
  ["verifyToken", ["token de verificação"]],
  ["accessToken", ["token de acesso"]],
  ["name", ["nome"]],
];

export interface Rotation {
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

/** The PATCH body of a credentials rotation: only the secrets typed; null when none was. */
export function rotationBody(r: Rotation): { access_token?: string; app_secret?: string; verify_token?: string } | null {
  const body = {
    ...(r.accessToken.trim() ? { access_token: r.accessToken.trim() } : {}),
    ...(r.appSecret.trim() ? { app_secret: r.appSecret.trim() } : {}),
    ...(r.verifyToken.trim() ? { verify_token: r.verifyToken.trim() } : {}),
  };
  return Object.keys(body).length > 0 ? body : null;
}

/** "Editar" of a Meta channel: what is not a secret (the number, the WABA id and the echo word only for WhatsApp). */
export interface DetailsDraft {
  name: string;
  businessId: string;
  displayPhone: string;
  echoKeyword: string;
}

/** The fields of `details` a channel (as listed) fills. */
interface ChannelDetails {
  kind: string;
  name: string;
  business_id?: string | null;
  display_phone?: string | null;
  echo_keyword?: string | null;
}

export function detailsDraftOf(channel: ChannelDetails): DetailsDraft {
  return {
    name: channel.name,
    businessId: channel.business_id ?? "",
    displayPhone: channel.display_phone ?? "",
    echoKeyword: channel.echo_keyword ?? "",
  };
}

/**
 * The PATCH body of "Editar": only the fields that changed, trimmed (an emptied number, WABA id
 * or echo word is sent empty, which clears it); WhatsApp-only fields only for WhatsApp; null
 * when nothing changed.
 */
export function detailsBody(
  channel: ChannelDetails,
  d: DetailsDraft,
): { name?: string; business_id?: string; display_phone?: string; echo_keyword?: string } | null {
  const was = detailsDraftOf(channel);
  const body: { name?: string; business_id?: string; display_phone?: string; echo_keyword?: string } = {};
  if (d.name.trim() !== was.name) body.name = d.name.trim();
  if (channel.kind === "whatsapp") {
    if (d.businessId.trim() !== was.businessId) body.business_id = d.businessId.trim();
    if (d.displayPhone.trim() !== was.displayPhone) body.display_phone = d.displayPhone.trim();
    if (d.echoKeyword.trim() !== was.echoKeyword) body.echo_keyword = d.echoKeyword.trim();
  }
  return Object.keys(body).length > 0 ? body : null;
}

/** The callback URL to register at Meta: the page's origin and the channel's webhook path. */
export function webhookUrl(origin: string, path: string): string {
  return `${origin.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
