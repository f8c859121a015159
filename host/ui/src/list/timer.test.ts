// L13: the timer's four colour bands and its label, and when a row redraws it.
import { describe, expect, it } from "vitest";
import { minutesWaited, timerColour, timerLabel, timerNow } from "./timer";

const MIN = 60_000;

describe("L13 unanswered timer", () => {
  it("is green under 15 min, blue 15–30, orange 30–60, red over 60 (the server's bands)", () => {
    expect(timerColour(0, 0)).toBe("green");
    expect(timerColour(0, 15 * MIN - 1)).toBe("green");
    expect(timerColour(0, 15 * MIN)).toBe("blue");
    expect(timerColour(0, 30 * MIN - 1)).toBe("blue");
    expect(timerColour(0, 30 * MIN)).toBe("orange");
    expect(timerColour(0, 60 * MIN)).toBe("orange");
    expect(timerColour(0, 60 * MIN + 1)).toBe("red");
    expect(timerColour(0, 600 * MIN)).toBe("red");
  });

  it("never counts below zero when the browser's clock is behind the server's", () => {
    expect(timerColour(10 * MIN, 0)).toBe("green");
    expect(minutesWaited(10 * MIN, 0)).toBe(0);
    expect(timerLabel(10 * MIN, 0)).toBe("0 min");
  });

  it("labels minutes, hours with minutes, and days", () => {
    expect(timerLabel(0, 14 * MIN + 59_000)).toBe("14 min");
    expect(timerLabel(0, 60 * MIN)).toBe("1 h");
    expect(timerLabel(0, 125 * MIN)).toBe("2 h 05");
    expect(timerLabel(0, 50 * 60 * MIN)).toBe("2 d");
  });

  it("redraws at the 3-minute tick, or at once when a new message is newer than the tick", () => {
    expect(timerNow(1000, null)).toBe(1000);
    expect(timerNow(1000, 500)).toBe(1000);
    expect(timerNow(1000, 4000)).toBe(4000);
  });
});
