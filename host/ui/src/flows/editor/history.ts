// Undo and redo: the documents before and after the one shown. Every change is committed as
// one step; a change still in progress (a drag) replaces the present without adding a step, so
// the whole drag undoes at once.

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

/** The most steps kept to undo. */
export const HISTORY_LIMIT = 200;

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** `next` shown as a new step: undo brings back the present; what was undone is forgotten. */
export function commit<T>(history: History<T>, next: T): History<T> {
  if (next === history.present) return history;
  return { past: [...history.past, history.present].slice(-HISTORY_LIMIT), present: next, future: [] };
}

/** `next` shown in place of the present, no step added. */
export function replace<T>(history: History<T>, next: T): History<T> {
  return { ...history, present: next };
}

export function undo<T>(history: History<T>): History<T> {
  if (history.past.length === 0) return history;
  return { past: history.past.slice(0, -1), present: history.past[history.past.length - 1], future: [history.present, ...history.future] };
}

export function redo<T>(history: History<T>): History<T> {
  if (history.future.length === 0) return history;
  return { past: [...history.past, history.present], present: history.future[0], future: history.future.slice(1) };
}
