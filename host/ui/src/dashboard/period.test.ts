// The dashboard's period from the URL.
import { describe, expect, it } from "vitest";
import { PERIODS, parsePeriod } from "./period";

describe("dashboard period", () => {
  it("reads the period from the URL, today otherwise", () => {
    expect(parsePeriod("7d")).toBe("7d");
    expect(parsePeriod("30d")).toBe("30d");
    expect(parsePeriod("today")).toBe("today");
    expect(parsePeriod("90d")).toBe("today");
    expect(parsePeriod(undefined)).toBe("today");
  });

  it("offers today first", () => {
    expect(PERIODS.map((p) => p.period)).toEqual(["today", "7d", "30d"]);
  });
});
