// A7, S10: a broadcast's progress, whether it still moves, and the buttons its state allows.
import { describe, expect, it } from "vitest";
import { actionsOf, isFinished, isMoving, messageStatusLabel, progressOf, valuesOf, type BroadcastTotals } from "./broadcastView";

const totals = (t: Partial<BroadcastTotals>): BroadcastTotals => ({
  recipients: 0,
  pending: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  ...t,
});

describe("broadcast view", () => {
  it("counts sent and failed recipients as dealt with", () => {
    expect(progressOf("running", totals({ recipients: 10, sent: 3, failed: 1, pending: 6 }))).toEqual({ value: 4, max: 10, percent: 40 });
    expect(progressOf("running", totals({ recipients: 3, sent: 1 }))).toEqual({ value: 1, max: 3, percent: 33 });
    expect(progressOf("done", totals({ recipients: 2, sent: 2 }))).toEqual({ value: 2, max: 2, percent: 100 });
  });

  it("has nothing to count before it starts, and is full when done with nobody", () => {
    expect(progressOf("scheduled", totals({}))).toEqual({ value: 0, max: 1, percent: 0 });
    expect(progressOf("done", totals({}))).toEqual({ value: 1, max: 1, percent: 100 });
    expect(progressOf("cancelled", totals({}))).toEqual({ value: 0, max: 1, percent: 0 });
  });

  it("never runs past the end", () => {
    expect(progressOf("running", totals({ recipients: 2, sent: 2, failed: 1 })).value).toBe(2);
  });

  it("is asked again while scheduled or running only", () => {
    expect(isMoving("scheduled")).toBe(true);
    expect(isMoving("running")).toBe(true);
    expect(isMoving("paused")).toBe(false);
    expect(isMoving("done")).toBe(false);
    expect(isMoving(undefined)).toBe(false);
    expect(isFinished("cancelled")).toBe(true);
    expect(isFinished("paused")).toBe(false);
  });

  it("offers the buttons its state allows", () => {
    expect(actionsOf("scheduled")).toEqual({ pause: true, resume: false, cancel: true });
    expect(actionsOf("running")).toEqual({ pause: true, resume: false, cancel: true });
    expect(actionsOf("paused")).toEqual({ pause: false, resume: true, cancel: true });
    expect(actionsOf("done")).toEqual({ pause: false, resume: false, cancel: false });
    expect(actionsOf("cancelled")).toEqual({ pause: false, resume: false, cancel: false });
  });

  it("names the message statuses it knows, and leaves others as they came", () => {
    expect(messageStatusLabel("read")).toBe("broadcasts.status.read");
    expect(messageStatusLabel("failed")).toBe("broadcasts.status.failed");
    expect(messageStatusLabel("deleted")).toBeNull();
    expect(messageStatusLabel("toString")).toBeNull();
    expect(messageStatusLabel(null)).toBeNull();
    expect(messageStatusLabel(undefined)).toBeNull();
  });

  it("lists the template's values, numbered then named", () => {
    expect(valuesOf({ positional: ["{nome}", "NATAL10"] })).toEqual(["{nome}", "NATAL10"]);
    expect(valuesOf({ named: { nome: "{nome}", cupom: "X" } })).toEqual(["nome: {nome}", "cupom: X"]);
    expect(valuesOf({})).toEqual([]);
  });
});
