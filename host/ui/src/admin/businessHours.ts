// The pure side of "Configurações gerais" (F1, A4): the account's business hours as the editor
// keeps them (open intervals per weekday, "HH:MM" local time; none on any day = always open) and
// the words that hand a chat to a person or restart the flow, as typed (one per line or
// separated by commas) and as PUT /api/v1/flow-settings takes them. The checks say the same as
// the server's (domain/flow/settings.rs) before anything is sent.
import type { components } from "../api/schema";

export type BusinessHours = components["schemas"]["BusinessHours"];

/** The weekdays, Monday first, as BusinessHours names them. */
export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One open interval as typed. */
export interface Interval {
  from: string;
  to: string;
}

export type HoursDraft = Record<Weekday, Interval[]>;

/** The most characters a keyword may have (the server's rule). */
export const KEYWORD_MAX = 40;

/** The editor's intervals of the account's hours (absent days: none). */
export function hoursDraftOf(hours: BusinessHours | undefined): HoursDraft {
  const draft = {} as HoursDraft;
  for (const day of WEEKDAYS) {
    draft[day] = (hours?.[day] ?? []).map(([from, to]) => ({ from: from ?? "", to: to ?? "" }));
  }
  return draft;
}

/** Minutes since midnight of "HH:MM" (or "H:MM"); null when it is not a time of day (24:00 is the end of it). */
export function minutesOf(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (minutes >= 60 || hours * 60 + minutes > 24 * 60) return null;
  return hours * 60 + minutes;
}

/** "8:00" → "08:00"; what is not a time stays as typed (trimmed). */
export function normalTime(text: string): string {
  const minutes = minutesOf(text);
  if (minutes === null) return text.trim();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

export type IntervalProblem = "format" | "order" | "overlap";

/**
 * What is wrong with each interval of a day, by its index: a time not "HH:MM", the end not after
 * the start, or an interval overlapping an earlier-starting one. Empty when the day is fine.
 */
export function dayProblems(intervals: Interval[]): Map<number, IntervalProblem> {
  const problems = new Map<number, IntervalProblem>();
  const valid: { index: number; from: number; to: number }[] = [];
  intervals.forEach((interval, index) => {
    const from = minutesOf(interval.from);
    const to = minutesOf(interval.to);
    if (from === null || to === null) problems.set(index, "format");
    else if (from >= to) problems.set(index, "order");
    else valid.push({ index, from, to });
  });
  valid.sort((a, b) => a.from - b.from || a.to - b.to);
  for (let i = 1; i < valid.length; i++) {
    if (valid[i].from < valid[i - 1].to) problems.set(valid[i].index, "overlap");
  }
  return problems;
}

/** Every day's problems; empty when the hours can be saved. */
export function hoursProblems(draft: HoursDraft): Map<Weekday, Map<number, IntervalProblem>> {
  const all = new Map<Weekday, Map<number, IntervalProblem>>();
  for (const day of WEEKDAYS) {
    const problems = dayProblems(draft[day]);
    if (problems.size > 0) all.set(day, problems);
  }
  return all;
}

/** The hours as the API keeps them: each day's intervals "HH:MM", by start time. */
export function hoursBody(draft: HoursDraft): BusinessHours {
  const body: BusinessHours = {};
  for (const day of WEEKDAYS) {
    body[day] = draft[day]
      .map(({ from, to }) => [normalTime(from), normalTime(to)])
      .sort((a, b) => (minutesOf(a[0]) ?? 0) - (minutesOf(b[0]) ?? 0));
  }
  return body;
}

/** Whether no interval is set on any day (the account is then always open). */
export function alwaysOpen(draft: HoursDraft): boolean {
  return WEEKDAYS.every((day) => draft[day].length === 0);
}

/** How keywords are compared (the server's `folded`): trimmed, lower case, without accents. */
export function foldKeyword(word: string): string {
  return word.trim().toLocaleLowerCase("pt-BR").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

/** A keyword list as typed (one per line or separated by commas): trimmed, blanks and repeats (by `foldKeyword`) left out. */
export function keywordList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[\n,;]/)) {
    const word = part.trim();
    const folded = foldKeyword(word);
    if (folded && !seen.has(folded)) {
      seen.add(folded);
      out.push(word);
    }
  }
  return out;
}

/** The words of a list too long to keep. */
export function tooLong(words: string[]): string[] {
  return words.filter((w) => [...w].length > KEYWORD_MAX);
}

/** The words of `a` also in `b` (compared like the server compares them). */
export function sharedKeywords(a: string[], b: string[]): string[] {
  const inB = new Set(b.map(foldKeyword));
  return a.filter((w) => inB.has(foldKeyword(w)));
}
