// The "Registro de auditoria"'s pure parts (issue 17 part 4): each action's label (the server
// names them, host/src/domain/audit.rs; one it adds later shows its raw name until it has one
// here), the filters as the URL keeps them (?user=&action=&from=&until=, days as YYYY-MM-DD)
// and as the server takes them (ms: from the start of "De" to the start of the day after "Até",
// in the browser's time zone, so "Até 07/12" includes the 7th), and an entry's target ("#12").
import type { MessageKey } from "../i18n";

/** The label of each action the log may hold. */
const ACTION_LABELS: Record<string, MessageKey> = {
  "auth.login": "audit.action.auth.login",
  "auth.login_failed": "audit.action.auth.login_failed",
  "account.update": "audit.action.account.update",
  "account.retention": "audit.action.account.retention",
  "availability.update": "audit.action.availability.update",
  "api_token.create": "audit.action.api_token.create",
  "api_token.revoke": "audit.action.api_token.revoke",
  "broadcast.send": "audit.action.broadcast.send",
  "broadcast.pause": "audit.action.broadcast.pause",
  "broadcast.resume": "audit.action.broadcast.resume",
  "broadcast.cancel": "audit.action.broadcast.cancel",
  "channel.create": "audit.action.channel.create",
  "channel.connect": "audit.action.channel.connect",
  "channel.update": "audit.action.channel.update",
  "template.create": "audit.action.template.create",
  "template.sync": "audit.action.template.sync",
  "closing_fields.update": "audit.action.closing_fields.update",
  "company.create": "audit.action.company.create",
  "company.update": "audit.action.company.update",
  "contact_import.create": "audit.action.contact_import.create",
  "contact_import.start": "audit.action.contact_import.start",
  "contact.create": "audit.action.contact.create",
  "contact.update": "audit.action.contact.update",
  "contact.delete": "audit.action.contact.delete",
  "contact.block": "audit.action.contact.block",
  "contact.unblock": "audit.action.contact.unblock",
  "contact.export": "audit.action.contact.export",
  "contact.erase": "audit.action.contact.erase",
  "contact.default_agent": "audit.action.contact.default_agent",
  "custom_field.create": "audit.action.custom_field.create",
  "custom_field.update": "audit.action.custom_field.update",
  "custom_field.delete": "audit.action.custom_field.delete",
  "department.create": "audit.action.department.create",
  "department.update": "audit.action.department.update",
  "department.delete": "audit.action.department.delete",
  "department.members": "audit.action.department.members",
  "flow_settings.update": "audit.action.flow_settings.update",
  "flow.create": "audit.action.flow.create",
  "flow.save": "audit.action.flow.save",
  "flow.delete": "audit.action.flow.delete",
  "flow.publish": "audit.action.flow.publish",
  "media_library.create": "audit.action.media_library.create",
  "media_library.delete": "audit.action.media_library.delete",
  "plugin.upload": "audit.action.plugin.upload",
  "plugin.update": "audit.action.plugin.update",
  "plugin.switch_shipped": "audit.action.plugin.switch_shipped",
  "plugin.delete": "audit.action.plugin.delete",
  "plugin.delete_version": "audit.action.plugin.delete_version",
  "quick_reply.create": "audit.action.quick_reply.create",
  "quick_reply.update": "audit.action.quick_reply.update",
  "quick_reply.delete": "audit.action.quick_reply.delete",
  "tag.create": "audit.action.tag.create",
  "tag.update": "audit.action.tag.update",
  "tag.delete": "audit.action.tag.delete",
  "user.create": "audit.action.user.create",
  "user.update": "audit.action.user.update",
  "user.password_reset": "audit.action.user.password_reset",
  "user.require_password_change": "audit.action.user.require_password_change",
  "user.end_sessions": "audit.action.user.end_sessions",
  "me.password_change": "audit.action.me.password_change",
  "me.end_session": "audit.action.me.end_session",
  "me.end_other_sessions": "audit.action.me.end_other_sessions",
};

/** The i18n key of an action's label; `null` for one the UI does not know yet. */
export function actionLabelKey(action: string): MessageKey | null {
  return Object.prototype.hasOwnProperty.call(ACTION_LABELS, action) ? ACTION_LABELS[action] : null;
}

/** An action's label in the UI's language, or its raw name when it has none. */
export function actionLabel(action: string, t: (key: MessageKey) => string): string {
  const key = actionLabelKey(action);
  return key ? t(key) : action;
}

/** The filters as the URL keeps them: every one optional, days as YYYY-MM-DD. */
export interface AuditSearch {
  user?: number;
  action?: string;
  from?: string;
  until?: string;
}

/** The filters as the server takes them (GET /api/v1/audit), `until` exclusive. */
export interface AuditFilter {
  user?: number;
  action?: string;
  from?: number;
  until?: number;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ACTION = /^[a-z_]+\.[a-z_]+$/;

/** The local midnight starting the day `day` (YYYY-MM-DD) plus `offset` days; null when no real day. */
function localMidnight(day: string, offset: number): number | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(year, month - 1, date);
  // "2026-02-30" rolls over to March: not a day.
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== date) return null;
  d.setDate(d.getDate() + offset);
  return d.getTime();
}

/** Whether `day` is a real day written YYYY-MM-DD (what a date input gives). */
export function isDay(day: unknown): day is string {
  return typeof day === "string" && localMidnight(day, 0) !== null;
}

/** The route's validateSearch: what is not a valid filter is dropped. */
export function parseAuditSearch(raw: Record<string, unknown>): AuditSearch {
  const out: AuditSearch = {};
  const user = typeof raw.user === "string" && /^\d+$/.test(raw.user) ? Number(raw.user) : raw.user;
  if (typeof user === "number" && Number.isSafeInteger(user) && user > 0) out.user = user;
  if (typeof raw.action === "string" && ACTION.test(raw.action)) out.action = raw.action;
  if (isDay(raw.from)) out.from = raw.from;
  if (isDay(raw.until)) out.until = raw.until;
  return out;
}

/** The server's filter for the URL's: "De" from its start, "Até" to the start of the next day. */
export function auditFilter(search: AuditSearch): AuditFilter {
  const out: AuditFilter = {};
  if (search.user !== undefined) out.user = search.user;
  if (search.action !== undefined) out.action = search.action;
  const from = search.from === undefined ? null : localMidnight(search.from, 0);
  const until = search.until === undefined ? null : localMidnight(search.until, 1);
  if (from !== null) out.from = from;
  if (until !== null) out.until = until;
  return out;
}

/** Whether any filter is set. */
export function isFiltered(search: AuditSearch): boolean {
  return Object.values(search).some((v) => v !== undefined);
}

/** An entry's target as read in the table: its ids as "#12", other path values as they are. */
export function targetText(target: unknown): string | null {
  if (target === null || typeof target !== "object" || Array.isArray(target)) return null;
  const parts = Object.entries(target as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => (k === "id" ? `#${String(v)}` : String(v)));
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** An entry's details as shown in its <pre>: the JSON indented; a text (a cut body) as it is. */
export function detailsText(details: unknown): string | null {
  if (details === null || details === undefined) return null;
  if (typeof details === "string") return details;
  if (typeof details === "object" && Object.keys(details as object).length === 0) return null;
  return JSON.stringify(details, null, 2);
}
