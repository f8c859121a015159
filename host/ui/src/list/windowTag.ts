// The session tags (L8): "Expirando" from 30 minutes before the free-form window ends,
// "Expirado" after. Computed from the window's end so a tag appears on time without an event;
// same rule as host/src/domain/window.rs.
import type { WindowView } from "../api/types";

const EXPIRING_BEFORE_MS = 30 * 60_000;

export type WindowTag = "expiring" | "expired";

export function windowTag(window: WindowView | null | undefined, now: number): WindowTag | null {
  const end = window?.free_form_until;
  if (end === null || end === undefined) return null;
  if (now >= end) return "expired";
  if (end - now <= EXPIRING_BEFORE_MS) return "expiring";
  return null;
}
