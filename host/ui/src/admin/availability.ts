// The pure side of "Agenda de atendimentos" (S9): the account's availability as the form keeps it
// (the numbers as typed, the weekly hours as businessHours.ts's editor keeps them), the body PUT
// /api/v1/availability takes, which field a server refusal is about, and how a free slot reads in
// the preview. The ranges (5–480 minutes, 1–90 days, up to 30 days' notice) are the server's to
// say: its message is shown under the field, so they are not restated here.
import type { Availability, FreeSlot as Slot } from "../api/types";
import { hoursBody, hoursDraftOf, type HoursDraft } from "./businessHours";
import { fieldOfMessage, type FieldRules } from "./formErrors";

export type AvailabilityField = "slot" | "notice" | "horizon" | "hours";

export interface AvailabilityDraft {
  slot: string;
  notice: string;
  horizon: string;
  hours: HoursDraft;
}

/** The form's values of the availability the server keeps. */
export function availabilityDraftOf(a: Availability): AvailabilityDraft {
  return {
    slot: String(a.slot_minutes ?? ""),
    notice: String(a.notice_minutes ?? ""),
    horizon: String(a.horizon_days ?? ""),
    hours: hoursDraftOf(a.hours),
  };
}

/** A whole number of 0 or more as typed ("45", " 45 "); null for anything else (empty, "4,5", "-1"). */
export function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d{1,6}$/.test(t) ? Number(t) : null;
}

/**
 * The body to send, or the number fields that are not whole numbers (nothing is sent then).
 * The hours' own problems are businessHours.ts's `hoursProblems`.
 */
export function availabilityBody(draft: AvailabilityDraft): { body: Availability } | { notNumbers: AvailabilityField[] } {
  const slot = wholeNumber(draft.slot);
  const notice = wholeNumber(draft.notice);
  const horizon = wholeNumber(draft.horizon);
  const notNumbers: AvailabilityField[] = [];
  if (slot === null) notNumbers.push("slot");
  if (notice === null) notNumbers.push("notice");
  if (horizon === null) notNumbers.push("horizon");
  if (slot === null || notice === null || horizon === null) return { notNumbers };
  return { body: { slot_minutes: slot, notice_minutes: notice, horizon_days: horizon, hours: hoursBody(draft.hours) } };
}

/**
 * The words of the server's refusals (domain/appointment.rs, flow/settings.rs): "A duração de um
 * agendamento…", "A antecedência mínima…", "…de 1 a 90 dias à frente.", "Horário de segunda inválido…".
 */
export const AVAILABILITY_RULES: FieldRules<AvailabilityField> = [
  ["slot", ["duração"]],
  ["notice", ["antecedência"]],
  ["horizon", ["dias à frente"]],
  ["hours", ["horário"]],
];

/** The field a refusal is about, or null when it is the form's. */
export function fieldOfAvailabilityError(message: string): AvailabilityField | null {
  return fieldOfMessage(message, AVAILABILITY_RULES);
}

/**
 * "07/12 09:00–09:45": a free slot read in the account's time zone. The server already gives its
 * start there (`local`, "2026-12-07T09:00"), so no zone is looked up; the end is that wall clock
 * plus the slot's length.
 */
export function slotLabel(slot: Slot): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(slot.local);
  if (!m) return slot.local;
  const start = Number(m[4]) * 60 + Number(m[5]);
  const end = (start + Math.round((slot.end - slot.start) / 60_000)) % (24 * 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  return `${m[3]}/${m[2]} ${clock(start)}–${clock(end)}`;
}

/** How many free slots the preview shows. */
export const PREVIEW_SLOTS = 10;
