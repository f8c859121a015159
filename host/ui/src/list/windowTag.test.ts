// L8: "Expirando" from 30 minutes before the free-form window ends, "Expirado" after.
import { describe, expect, it } from "vitest";
import type { WindowView } from "../api/types";
import { windowTag } from "./windowTag";

const MIN = 60_000;
const window = (free_form_until: number | null): WindowView => ({ status: "open", free_form_until });

describe("L8 session tags", () => {
  it("shows nothing without a window or while more than 30 minutes are left", () => {
    expect(windowTag(null, 0)).toBeNull();
    expect(windowTag(window(null), 0)).toBeNull();
    expect(windowTag(window(31 * MIN), 0)).toBeNull();
  });

  it("says Expirando from 30 minutes before the end, Expirado from the end", () => {
    expect(windowTag(window(30 * MIN), 0)).toBe("expiring");
    expect(windowTag(window(1), 0)).toBe("expiring");
    expect(windowTag(window(100), 100)).toBe("expired");
    expect(windowTag(window(100), 5000)).toBe("expired");
  });
});
