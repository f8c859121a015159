// The unanswered timer (L13): its colour band and its label. Same bands as the server
// (host/src/domain/timer.rs): under 15 min green, 15–30 blue, 30–60 orange, over 60 red.
import type { TimerColour } from "../api/types";

const MINUTE = 60_000;

/** Every 3 minutes the list recomputes each timer (and on each message of its chat). */
export const TIMER_REFRESH_MS = 3 * MINUTE;

export function timerColour(since: number, now: number): TimerColour {
  const waited = Math.max(0, now - since);
  if (waited < 15 * MINUTE) return "green";
  if (waited < 30 * MINUTE) return "blue";
  if (waited <= 60 * MINUTE) return "orange";
  return "red";
}

/** Whole minutes waited, never negative (a clock a little behind the server's shows 0). */
export function minutesWaited(since: number, now: number): number {
  return Math.floor(Math.max(0, now - since) / MINUTE);
}

/** "0 min", "14 min", "1 h", "2 h 05", "3 d": short enough for the row's corner. */
export function timerLabel(since: number, now: number): string {
  const minutes = minutesWaited(since, now);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest ? `${hours} h ${String(rest).padStart(2, "0")}` : `${hours} h`;
  }
  return `${Math.floor(hours / 24)} d`;
}

/**
 * The "now" a row's timer is drawn at: the shared 3-minute tick, or the chat's newest message
 * when that is later, so a new message refreshes its own row at once (L13).
 */
export function timerNow(tick: number, lastMessageAt: number | null | undefined): number {
  return Math.max(tick, lastMessageAt ?? 0);
}
