// The "Painel": durations, ages, counts, day labels and the day charts' rows.
import { describe, expect, it } from "vitest";
import type { DashboardDay } from "../api/types";
import { chartDays, dayLabel, formatAge, formatCount, formatDuration, hasAny, periodRange } from "./dashboardView";

const S = 1000;
const M = 60 * S;
const H = 60 * M;

const day = (d: string, n: Partial<DashboardDay> = {}): DashboardDay => ({
  day: d,
  inbound: 0,
  outbound: 0,
  services_opened: 0,
  services_closed: 0,
  ...n,
});

describe("dashboard view", () => {
  it("writes durations with their two largest units", () => {
    expect(formatDuration(125 * S)).toBe("2 min 05 s");
    expect(formatDuration(H + 12 * M + 40 * S)).toBe("1 h 12 min");
    expect(formatDuration(45 * S)).toBe("45 s");
    expect(formatDuration(59 * M + 59 * S + 999)).toBe("59 min 59 s");
    expect(formatDuration(H)).toBe("1 h 00 min");
    expect(formatDuration(2 * 24 * H + 3 * H + 5 * M)).toBe("2 d 03 h");
  });

  it("says a very short duration took time, and has a dash for none", () => {
    expect(formatDuration(0)).toBe("< 1 s");
    expect(formatDuration(400)).toBe("< 1 s");
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
  });

  it("tells how long the oldest chat has waited, in minutes at least", () => {
    const now = 1_000_000_000;
    expect(formatAge(now - 30 * S, now)).toBe("< 1 min");
    expect(formatAge(now - 12 * M - 30 * S, now)).toBe("12 min");
    expect(formatAge(now - H - 5 * M, now)).toBe("1 h 05 min");
    // A clock slightly behind the server's is not a negative age.
    expect(formatAge(now + 5 * S, now)).toBe("< 1 min");
  });

  it("writes counts in the UI language", () => {
    expect(formatCount(1234, "pt-BR")).toBe("1.234");
    expect(formatCount(1234, "en")).toBe("1,234");
    expect(formatCount(0, "pt-BR")).toBe("0");
  });

  it("labels a local day without moving it to another zone", () => {
    expect(dayLabel("2026-12-06", "pt-BR")).toBe("06/12");
    expect(dayLabel("2026-12-06", "en")).toBe("12/06");
    expect(dayLabel("2027-01-01", "pt-BR")).toBe("01/01");
    expect(dayLabel("ontem", "pt-BR")).toBe("ontem");
  });

  it("names the period by its first and last day", () => {
    expect(periodRange([day("2026-12-06")], "pt-BR")).toBe("06/12");
    expect(periodRange([day("2026-11-30"), day("2026-12-01"), day("2026-12-06")], "pt-BR")).toBe("30/11 – 06/12");
    expect(periodRange([], "pt-BR")).toBe("");
  });

  it("turns the days into the charts' rows, oldest first", () => {
    const rows = chartDays(
      [day("2026-12-06", { inbound: 5, outbound: 3, services_opened: 2, services_closed: 1 }), day("2026-12-05", { inbound: 1 })],
      "pt-BR",
    );
    expect(rows).toEqual([
      { day: "2026-12-05", label: "05/12", inbound: 1, outbound: 0, opened: 0, closed: 0 },
      { day: "2026-12-06", label: "06/12", inbound: 5, outbound: 3, opened: 2, closed: 1 },
    ]);
    expect(hasAny(rows, "inbound", "outbound")).toBe(true);
    expect(hasAny(rows, "opened", "closed")).toBe(true);
    expect(hasAny(chartDays([day("2026-12-06")], "pt-BR"), "opened", "closed")).toBe(false);
  });
});
