// A6: a CSV import's mapping from the server's suggestion, what is missing, and the progress.
import { describe, expect, it } from "vitest";
import { initialMapping, isRunning, missingRequired, progressOf, repeatedFields, withColumn } from "./importMapping";

const fields = [
  { key: "nome", label: "Nome", required: false },
  { key: "telefone", label: "Telefone", required: true },
  { key: "email", label: "E-mail", required: false },
  { key: "plano", label: "Plano", required: false },
];

describe("import mapping", () => {
  it("starts from the suggestion, one entry per column", () => {
    expect(initialMapping(["nome", "fone", "x"], ["nome", "telefone"], fields)).toEqual(["nome", "telefone", null]);
    expect(initialMapping(["a", "b"], null, fields)).toEqual([null, null]);
    // A key the server no longer offers is not kept.
    expect(initialMapping(["a"], ["sumiu"], fields)).toEqual([null]);
  });

  it("says which required fields no column fills", () => {
    expect(missingRequired(["nome", null], fields).map((f) => f.key)).toEqual(["telefone"]);
    expect(missingRequired(["nome", "telefone"], fields)).toEqual([]);
  });

  it("finds a field chosen for two columns", () => {
    expect(repeatedFields(["email", "telefone", "email", null, null], fields).map((f) => f.key)).toEqual(["email"]);
    expect(repeatedFields([null, null], fields)).toEqual([]);
  });

  it("changes one column", () => {
    expect(withColumn(["nome", null], 1, "telefone")).toEqual(["nome", "telefone"]);
    expect(withColumn(["nome", "telefone"], 0, null)).toEqual([null, "telefone"]);
  });

  it("measures the progress", () => {
    expect(progressOf({ state: "running", processed_rows: 0, total_rows: 0 })).toEqual({ value: 0, max: 1, percent: 0 });
    expect(progressOf({ state: "running", processed_rows: 1, total_rows: 3 })).toEqual({ value: 1, max: 3, percent: 33 });
    expect(progressOf({ state: "running", processed_rows: 7, total_rows: 5 }).percent).toBe(100);
    // A finished import is full, even one without rows.
    expect(progressOf({ state: "done", processed_rows: 0, total_rows: 0 })).toEqual({ value: 1, max: 1, percent: 100 });
    expect(isRunning({ state: "running" })).toBe(true);
    expect(isRunning({ state: "done" })).toBe(false);
    expect(isRunning(undefined)).toBe(false);
  });
});
