// K5: choosing, ordering and switching the closing fields before one save.
import { describe, expect, it } from "vitest";
import type { CustomField } from "../api/types";
import { add, addable, changed, choicesOf, closingBody, existing, move, remove, setRequired } from "./closingChoice";

const field = (id: number, label: string, kind: CustomField["kind"] = "text"): CustomField => ({
  id,
  key: label.toLowerCase(),
  label,
  kind,
  options: kind === "list" ? ["A", "B"] : [],
});
const plano = field(1, "Plano", "list");
const motivo = field(2, "Motivo");
const foto = field(3, "Foto", "image");
const nota = field(4, "Nota", "number");

describe("closing fields", () => {
  it("offers the fields not chosen yet, never images", () => {
    const choices = choicesOf([{ field: motivo, required: true }]);
    expect(addable([plano, motivo, foto, nota], choices).map((f) => f.id)).toEqual([1, 4]);
  });

  it("adds once, switches required, removes", () => {
    let c = add([], plano, true);
    c = add(c, nota);
    c = add(c, plano);
    expect(c).toEqual([
      { field: plano, required: true },
      { field: nota, required: false },
    ]);
    c = setRequired(c, 4, true);
    expect(c[1].required).toBe(true);
    expect(remove(c, 1).map((x) => x.field.id)).toEqual([4]);
  });

  it("moves a field up or down, not past the ends", () => {
    const c = [plano, motivo, nota].map((f) => ({ field: f, required: false }));
    expect(move(c, 2, -1).map((x) => x.field.id)).toEqual([1, 4, 2]);
    expect(move(c, 0, 1).map((x) => x.field.id)).toEqual([2, 1, 4]);
    expect(move(c, 0, -1)).toBe(c);
    expect(move(c, 2, 1)).toBe(c);
  });

  it("builds the PUT body in order and knows when something changed", () => {
    const saved = [{ field: plano, required: true }];
    const c = add(choicesOf(saved), motivo);
    expect(closingBody(c)).toEqual({
      items: [
        { field_id: 1, required: true },
        { field_id: 2, required: false },
      ],
    });
    expect(changed(choicesOf(saved), saved)).toBe(false);
    expect(changed(c, saved)).toBe(true);
    expect(changed(setRequired(choicesOf(saved), 1, false), saved)).toBe(true);
  });

  it("drops choices whose field was deleted", () => {
    const c = [plano, motivo].map((f) => ({ field: f, required: false }));
    expect(existing(c, [motivo]).map((x) => x.field.id)).toEqual([2]);
  });
});
