// K1–K5: the closing dialog's form as the server's request.
import { describe, expect, it } from "vitest";
import { buildClose, closeMinutes, emptyCloseForm, type ClosingField } from "./closeRequest";

const field = (key: string, required: boolean): ClosingField => ({
  required,
  field: { id: key.length, key, label: key, kind: "text", options: [] },
});
const closing = [field("motivo", true), field("nota", false)];

describe("closing request", () => {
  it("K1: empty minutes close now; K3: the default message is pre-filled and sent as written", () => {
    const form = { ...emptyCloseForm("Obrigado pelo contato!"), fields: { motivo: { value: " Resolvido ", clear: false } } };
    expect(buildClose(form, closing)).toEqual({
      body: {
        message: "Obrigado pelo contato!",
        fields: [
          { key: "motivo", value: "Resolvido", clear_current: false },
          { key: "nota", value: "", clear_current: false },
        ],
      },
    });
  });

  it("K3: a cleared message is an explicit nothing", () => {
    const built = buildClose({ ...emptyCloseForm("Tchau"), message: "  " }, []);
    expect(built).toEqual({ body: { message: null, fields: [] } });
  });

  it("K2: minutes schedule the close with what a contact's message does", () => {
    const built = buildClose({ ...emptyCloseForm(null), minutes: "30", ifContactWrites: "cancel" }, []);
    expect(built).toEqual({ body: { message: null, fields: [], in_minutes: 30, if_contact_writes: "cancel" } });
    expect(closeMinutes("0")).toBeNaN();
    expect(closeMinutes("43201")).toBeNaN();
    expect(closeMinutes("1,5")).toBeNaN();
    expect(closeMinutes("43200")).toBe(43200);
    expect(buildClose({ ...emptyCloseForm(null), minutes: "abc" }, [])).toEqual({ problems: { minutes: "minutes", fields: {} } });
  });

  it("K5: a required field must be filled; a blank optional one may clear the stored value", () => {
    expect(buildClose(emptyCloseForm(null), closing)).toEqual({ problems: { fields: { motivo: "required" } } });
    const form = { ...emptyCloseForm(null), fields: { motivo: { value: "x", clear: false }, nota: { value: "", clear: true } } };
    const built = buildClose(form, closing);
    expect("body" in built && built.body.fields?.[1]).toEqual({ key: "nota", value: "", clear_current: true });
    // "Excluir valor atual" means nothing once a value is typed.
    const typed = { ...form, fields: { ...form.fields, nota: { value: "8", clear: true } } };
    const again = buildClose(typed, closing);
    expect("body" in again && again.body.fields?.[1]).toEqual({ key: "nota", value: "8", clear_current: false });
  });
});
