// S9: an appointment's time in the account's zone, named only when the browser is elsewhere.
import { describe, expect, it } from "vitest";
import { appointmentWhen } from "./appointmentTime";

// Sunday 6 December 2026, 09:00–10:00 in São Paulo (12:00–13:00 UTC).
const START = Date.UTC(2026, 11, 6, 12);
const END = Date.UTC(2026, 11, 6, 13);

describe("appointmentWhen", () => {
  it("writes the day and the hours in the account's zone", () => {
    expect(appointmentWhen(START, END, "America/Sao_Paulo", "pt-BR", "America/Sao_Paulo")).toBe("dom., 06/12/2026, 09:00–10:00");
  });

  it("names the zone when the browser shows another wall clock", () => {
    const text = appointmentWhen(START, END, "America/Sao_Paulo", "pt-BR", "UTC");
    expect(text.startsWith("dom., 06/12/2026, 09:00–10:00 (")).toBe(true);
    expect(text).toMatch(/\((BRT|GMT-3|UTC-3)\)$/);
  });

  it("treats zones with the same clock as one, and falls back to the browser's for an unknown zone", () => {
    expect(appointmentWhen(START, END, "America/Sao_Paulo", "pt-BR", "America/Bahia")).toBe("dom., 06/12/2026, 09:00–10:00");
    expect(appointmentWhen(START, END, "Nowhere/Atlantis", "pt-BR", "UTC")).toBe("dom., 06/12/2026, 12:00–13:00");
  });
});
