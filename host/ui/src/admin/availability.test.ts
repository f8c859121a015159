// S9 "Agenda de atendimentos": the form's values to the API's body and back, refusals placed on
// their field, a free slot read as the preview shows it.
import { describe, expect, it } from "vitest";
import { availabilityBody, availabilityDraftOf, fieldOfAvailabilityError, slotLabel, wholeNumber } from "./availability";

describe("availability", () => {
  it("keeps the server's values in the form and sends them back", () => {
    const draft = availabilityDraftOf({ slot_minutes: 45, notice_minutes: 60, horizon_days: 14, hours: { monday: [["9:00", "12:00"]] } });
    expect([draft.slot, draft.notice, draft.horizon]).toEqual(["45", "60", "14"]);
    expect(draft.hours.tuesday).toEqual([]);
    const out = availabilityBody(draft);
    expect(out).toEqual({
      body: {
        slot_minutes: 45,
        notice_minutes: 60,
        horizon_days: 14,
        hours: { monday: [["09:00", "12:00"]], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] },
      },
    });
  });

  it("sends no body while a number field is not a whole number; the ranges are the server's", () => {
    const draft = availabilityDraftOf({ slot_minutes: 30, notice_minutes: 0, horizon_days: 7 });
    expect(availabilityBody({ ...draft, slot: "", horizon: "4,5" })).toEqual({ notNumbers: ["slot", "horizon"] });
    expect(availabilityBody({ ...draft, notice: "-1" })).toEqual({ notNumbers: ["notice"] });
    expect("body" in availabilityBody({ ...draft, slot: "1" })).toBe(true);
    expect(wholeNumber(" 45 ")).toBe(45);
    expect(wholeNumber("0")).toBe(0);
    for (const bad of ["", "1.5", "abc", "-3", "1e3"]) expect(wholeNumber(bad)).toBeNull();
  });

  it("puts each server refusal under its field", () => {
    expect(fieldOfAvailabilityError("A duração de um agendamento deve ficar entre 5 e 480 minutos.")).toBe("slot");
    expect(fieldOfAvailabilityError("Os agendamentos podem ser feitos de 1 a 90 dias à frente.")).toBe("horizon");
    expect(fieldOfAvailabilityError("A antecedência mínima deve ser de até 30 dias.")).toBe("notice");
    expect(fieldOfAvailabilityError('Horário de segunda inválido: use "HH:MM" e o início antes do fim.')).toBe("hours");
    expect(fieldOfAvailabilityError("Apenas administradores.")).toBeNull();
  });

  it("reads a slot as dd/mm HH:MM–HH:MM in the account's zone", () => {
    const start = Date.UTC(2026, 11, 7, 12, 0);
    expect(slotLabel({ local: "2026-12-07T09:00", start, end: start + 45 * 60_000, weekday: 0 })).toBe("07/12 09:00–09:45");
    expect(slotLabel({ local: "2026-12-07T23:30", start, end: start + 45 * 60_000, weekday: 0 })).toBe("07/12 23:30–00:15");
    expect(slotLabel({ local: "weird", start, end: start, weekday: 0 })).toBe("weird");
  });
});
