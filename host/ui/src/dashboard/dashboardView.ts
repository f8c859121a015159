// The dashboard as its page shows it (the "Painel"): durations in words a person reads at a
// glance ("2 min 05 s", "1 h 12 min"), counts in the UI language, the account's local days as
// short labels ("06/12") and the rows the day charts draw. Pure: no React, no fetch.
import type { DashboardDay } from "../api/types";
import type { Lang } from "../i18n";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const two = (n: number) => String(n).padStart(2, "0");

/**
 * A duration with its two largest units, the second on two digits so a column lines up:
 * "45 s", "2 min 05 s", "1 h 12 min", "2 d 03 h". Below a second it is "< 1 s" (not "0 s":
 * something did take time); null (no cases) is "—".
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < SECOND) return "< 1 s";
  // Rounded down: "2 min 05 s" is never shown for 2 min 04.6 s's neighbour, 2 min 06 s.
  const s = Math.floor(ms / SECOND);
  if (ms < MINUTE) return `${s} s`;
  if (ms < HOUR) return `${Math.floor(s / 60)} min ${two(s % 60)} s`;
  const m = Math.floor(ms / MINUTE);
  if (ms < DAY) return `${Math.floor(m / 60)} h ${two(m % 60)} min`;
  const h = Math.floor(ms / HOUR);
  return `${Math.floor(h / 24)} d ${two(h % 24)} h`;
}

/**
 * How long the oldest chat has waited, coarser than a duration (the page is asked again every
 * 30 s, so seconds would only be wrong): "< 1 min", "12 min", "1 h 05 min", "2 d 03 h".
 */
export function formatAge(sinceMs: number, nowMs: number): string {
  const ms = Math.max(0, nowMs - sinceMs);
  if (ms < MINUTE) return "< 1 min";
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  return formatDuration(ms);
}

/** A count in the UI language: "1.234" in Portuguese, "1,234" in English. */
export function formatCount(n: number, lang: Lang): string {
  return n.toLocaleString(lang);
}

/**
 * A local day ("aaaa-mm-dd", already in the account's time zone) as the charts label it:
 * "06/12" in Portuguese, "12/06" in English. Read from the string, never through a Date (which
 * would move it into the browser's zone).
 */
export function dayLabel(day: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return lang === "en" ? `${m[2]}/${m[3]}` : `${m[3]}/${m[2]}`;
}

/** What the period covers, from its first to its last local day: "06/12" or "30/11 – 06/12". */
export function periodRange(days: DashboardDay[], lang: Lang): string {
  if (days.length === 0) return "";
  const first = dayLabel(days[0].day, lang);
  const last = dayLabel(days[days.length - 1].day, lang);
  return first === last ? first : `${first} – ${last}`;
}

/** One bar group of the day charts. */
export interface ChartDay {
  day: string;
  label: string;
  inbound: number;
  outbound: number;
  opened: number;
  closed: number;
}

/** The day charts' rows, oldest day first (the server's order), with their labels. */
export function chartDays(days: DashboardDay[], lang: Lang): ChartDay[] {
  return [...days]
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
    .map((d) => ({
      day: d.day,
      label: dayLabel(d.day, lang),
      inbound: d.inbound,
      outbound: d.outbound,
      opened: d.services_opened,
      closed: d.services_closed,
    }));
}

/** Whether a chart has anything to draw (all zeros reads better as a sentence than as a flat axis). */
export function hasAny(days: ChartDay[], a: keyof ChartDay, b: keyof ChartDay): boolean {
  return days.some((d) => Number(d[a]) > 0 || Number(d[b]) > 0);
}
