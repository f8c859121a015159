// A1: the "Contas" table's situation and figures.
import { describe, expect, it } from "vitest";
import { USAGE_COLUMNS, accountState, formatDay, formatFigure } from "./accountView";

// 2026-12-06 15:30 in São Paulo (18:30 UTC).
const DAY = Date.UTC(2026, 11, 6, 18, 30);

describe("reseller account view", () => {
  it("says an account without suspended_at is active", () => {
    expect(accountState({ suspended_at: null }, "pt-BR")).toEqual({ suspended: false });
    expect(accountState({}, "pt-BR")).toEqual({ suspended: false });
  });

  it("gives a suspended account's day as dd/mm/aaaa in Portuguese", () => {
    expect(accountState({ suspended_at: DAY }, "pt-BR", "America/Sao_Paulo")).toEqual({ suspended: true, since: "06/12/2026" });
  });

  it("reads the day in the given time zone", () => {
    // 23:30 in São Paulo is already the next day in UTC.
    const late = Date.UTC(2026, 11, 7, 2, 30);
    expect(formatDay(late, "pt-BR", "America/Sao_Paulo")).toBe("06/12/2026");
    expect(formatDay(late, "pt-BR", "UTC")).toBe("07/12/2026");
  });

  it("writes the figures with the language's separator", () => {
    expect(formatFigure(12345, "pt-BR")).toBe("12.345");
    expect(formatFigure(12345, "en")).toBe("12,345");
    expect(formatFigure(0, "pt-BR")).toBe("0");
  });

  it("shows the four usage figures in order", () => {
    expect(USAGE_COLUMNS.map((c) => c.key)).toEqual(["active_users", "channels", "contacts", "messages_30d"]);
  });
});
