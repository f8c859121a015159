// A broadcast as its pages show it (A7, S10): the words for its state and for each recipient's
// state and message status, how far it is (the progress bar), whether it is still moving (its
// page asks again every second), and which of "Pausar", "Retomar" and "Cancelar" it allows
// (the server decides, and answers 409 otherwise; this only keeps the buttons honest). Pure.
import type { Broadcast, BroadcastState, BroadcastTotals, RecipientState } from "../api/types";
import type { MessageKey } from "../i18n";

export type { BroadcastState, BroadcastTotals, RecipientState };

/** What became of a recipient's message at the number (the server sends the word). */
export type RecipientMessageStatus = "pending" | "sent" | "delivered" | "read" | "failed";

export const STATE_LABEL: Record<BroadcastState, MessageKey> = {
  scheduled: "broadcasts.state.scheduled",
  running: "broadcasts.state.running",
  paused: "broadcasts.state.paused",
  cancelled: "broadcasts.state.cancelled",
  done: "broadcasts.state.done",
};

export const RECIPIENT_STATE_LABEL: Record<RecipientState, MessageKey> = {
  pending: "broadcasts.recipient.pending",
  sent: "broadcasts.recipient.sent",
  failed: "broadcasts.recipient.failed",
};

export const MESSAGE_STATUS_LABEL: Record<RecipientMessageStatus, MessageKey> = {
  pending: "broadcasts.status.pending",
  sent: "broadcasts.status.sent",
  delivered: "broadcasts.status.delivered",
  read: "broadcasts.status.read",
  failed: "broadcasts.status.failed",
};

/** A message status's words; null for one this version does not know (shown as it came). */
export function messageStatusLabel(status: string | null | undefined): MessageKey | null {
  return status && Object.hasOwn(MESSAGE_STATUS_LABEL, status) ? MESSAGE_STATUS_LABEL[status as RecipientMessageStatus] : null;
}

/** The values given to the template's parameters, in order: "{nome}", "cupom: NATAL10". */
export function valuesOf(values: Broadcast["values"]): string[] {
  return [...(values.positional ?? []), ...Object.entries(values.named ?? {}).map(([k, v]) => `${k}: ${v}`)];
}

/** The counters of the details page, in the order they are read. */
export const TOTALS: { key: keyof BroadcastTotals; label: MessageKey }[] = [
  { key: "recipients", label: "broadcasts.totals.recipients" },
  { key: "pending", label: "broadcasts.totals.pending" },
  { key: "sent", label: "broadcasts.totals.sent" },
  { key: "delivered", label: "broadcasts.totals.delivered" },
  { key: "read", label: "broadcasts.totals.read" },
  { key: "failed", label: "broadcasts.totals.failed" },
];

/**
 * The progress bar: recipients dealt with (sent or failed) out of all of them. The audience is
 * taken when the broadcast starts, so before that there is nothing to count (0 of 1); a
 * finished one is full even when it had nobody to send to.
 */
export function progressOf(state: BroadcastState, totals: BroadcastTotals): { value: number; max: number; percent: number } {
  const max = Math.max(totals.recipients, 1);
  if (state === "done" && totals.recipients === 0) return { value: max, max, percent: 100 };
  const value = Math.min(totals.sent + totals.failed, max);
  return { value, max, percent: totals.recipients > 0 ? Math.floor((value * 100) / totals.recipients) : 0 };
}

/** Still moving on its own: waiting for its time or sending. Its page asks again every second. */
export function isMoving(state: BroadcastState | undefined): boolean {
  return state === "scheduled" || state === "running";
}

/** Over for good: nothing more is sent and no button applies. */
export function isFinished(state: BroadcastState): boolean {
  return state === "cancelled" || state === "done";
}

/** The buttons a broadcast in `state` shows. A paused one is resumed, never paused again. */
export function actionsOf(state: BroadcastState): { pause: boolean; resume: boolean; cancel: boolean } {
  return {
    pause: state === "scheduled" || state === "running",
    resume: state === "paused",
    cancel: !isFinished(state),
  };
}

/** The recipients table's filter: every recipient, or those in one state. */
export type RecipientFilter = RecipientState | "all";

export const RECIPIENT_FILTERS: { value: RecipientFilter; label: MessageKey }[] = [
  { value: "all", label: "broadcasts.recipients.all" },
  { value: "pending", label: "broadcasts.recipient.pendingMany" },
  { value: "sent", label: "broadcasts.recipient.sentMany" },
  { value: "failed", label: "broadcasts.recipient.failedMany" },
];
