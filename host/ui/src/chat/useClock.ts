// A shared clock that ticks every `periodMs` (one timer per period for the whole list, not one
// per row): the L13 timers redraw every 3 minutes, the L8 tags every minute.
import { useSyncExternalStore } from "react";

interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
}

const clocks = new Map<number, Clock>();

function clockFor(periodMs: number): Clock {
  let clock = clocks.get(periodMs);
  if (!clock) {
    clock = { now: Date.now(), listeners: new Set(), timer: null };
    clocks.set(periodMs, clock);
  }
  return clock;
}

function subscribe(periodMs: number, listener: () => void): () => void {
  const clock = clockFor(periodMs);
  clock.listeners.add(listener);
  if (clock.timer === null) {
    clock.now = Date.now();
    clock.timer = setInterval(() => {
      clock.now = Date.now();
      clock.listeners.forEach((l) => l());
    }, periodMs);
  }
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0 && clock.timer !== null) {
      clearInterval(clock.timer);
      clock.timer = null;
    }
  };
}

/** The time of the last tick of the `periodMs` clock (re-renders on each tick). */
export function useClock(periodMs: number): number {
  return useSyncExternalStore(
    (l) => subscribe(periodMs, l),
    () => clockFor(periodMs).now,
  );
}
