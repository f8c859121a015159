// One of the reseller's accounts as the console's "Contas" table shows it (A1): "Ativa" or
// "Suspensa desde dd/mm/aaaa", and the usage figures in the order of the columns. Pure.
import type { AccountUsage, ResellerAccount } from "../api/types";
import type { MessageKey } from "../i18n";

/** The usage columns, in the order the table shows them. */
export const USAGE_COLUMNS: { key: keyof AccountUsage; label: MessageKey }[] = [
  { key: "active_users", label: "reseller.usage.activeUsers" },
  { key: "channels", label: "reseller.usage.channels" },
  { key: "contacts", label: "reseller.usage.contacts" },
  { key: "messages_30d", label: "reseller.usage.messages30d" },
];

/** A day as the console writes it: "06/12/2026" in Portuguese, the browser's own order in English. */
export function formatDay(ms: number, lang: string, timeZone?: string): string {
  return new Date(ms).toLocaleDateString(lang, { day: "2-digit", month: "2-digit", year: "numeric", timeZone });
}

export type AccountState = { suspended: false } | { suspended: true; since: string };

/** "Situação": active, or suspended since a day (the server sends the moment, or null). */
export function accountState(account: Pick<ResellerAccount, "suspended_at">, lang: string, timeZone?: string): AccountState {
  const at = account.suspended_at;
  return at === null || at === undefined ? { suspended: false } : { suspended: true, since: formatDay(at, lang, timeZone) };
}

/** A usage figure with the language's thousands separator ("12.345"). */
export function formatFigure(n: number, lang: string): string {
  return n.toLocaleString(lang);
}
