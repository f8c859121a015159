// The dashboard's periods (today, the last 7 days, the last 30): the switch's order and words,
// and the one read from the URL. Apart from the rest of the page's helpers because the router
// (loaded at start) needs it; the page and its chart library are loaded only when opened.
import type { DashboardPeriod } from "../api/types";
import type { MessageKey } from "../i18n";

export type { DashboardPeriod };

/** The periods the switch offers, in its order, with their words. */
export const PERIODS: { period: DashboardPeriod; label: MessageKey }[] = [
  { period: "today", label: "dashboard.period.today" },
  { period: "7d", label: "dashboard.period.7d" },
  { period: "30d", label: "dashboard.period.30d" },
];

/** A period from the URL; anything else is "today" (the server's default too). */
export function parsePeriod(value: unknown): DashboardPeriod {
  return value === "7d" || value === "30d" ? value : "today";
}
