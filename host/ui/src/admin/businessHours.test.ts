// F1/A4 "Configurações gerais": business hours parsed and checked like the server does, keyword
// lists normalised and compared like the server compares them.
import { describe, expect, it } from "vitest";
import {
  alwaysOpen,
  dayProblems,
  foldKeyword,
  hoursBody,
  hoursDraftOf,
  hoursProblems,
  keywordList,
  minutesOf,
  normalTime,
  sharedKeywords,
  tooLong,
} from "./businessHours";

describe("business hours", () => {
  it("reads HH:MM as minutes, up to 24:00", () => {
    expect(minutesOf("08:00")).toBe(480);
    expect(minutesOf(" 8:30 ")).toBe(510);
    expect(minutesOf("00:00")).toBe(0);
    expect(minutesOf("24:00")).toBe(1440);
    for (const bad of ["24:01", "12:60", "8", "8h", "", "08:0", "-1:00", "ab:cd", "123:00"]) expect(minutesOf(bad)).toBeNull();
    expect(normalTime("8:05")).toBe("08:05");
    expect(normalTime(" 8h ")).toBe("8h");
  });

  it("takes the account's hours into the editor, absent days closed", () => {
    const draft = hoursDraftOf({ monday: [["08:00", "12:00"]] });
    expect(draft.monday).toEqual([{ from: "08:00", to: "12:00" }]);
    expect(draft.sunday).toEqual([]);
    expect(alwaysOpen(draft)).toBe(false);
    expect(alwaysOpen(hoursDraftOf(undefined))).toBe(true);
  });

  it("says what is wrong with each interval: format, end before start, overlap", () => {
    expect(dayProblems([{ from: "08:00", to: "12:00" }, { from: "13:00", to: "18:00" }]).size).toBe(0);
    expect([...dayProblems([{ from: "12:00", to: "08:00" }])]).toEqual([[0, "order"]]);
    expect([...dayProblems([{ from: "08:00", to: "08:00" }])]).toEqual([[0, "order"]]);
    expect([...dayProblems([{ from: "8h", to: "12:00" }, { from: "13:00", to: "" }])]).toEqual([[0, "format"], [1, "format"]]);
    // Touching intervals are fine; overlapping ones are not, whatever order they were typed in.
    expect(dayProblems([{ from: "13:00", to: "18:00" }, { from: "08:00", to: "13:00" }]).size).toBe(0);
    expect([...dayProblems([{ from: "13:00", to: "18:00" }, { from: "08:00", to: "14:00" }])]).toEqual([[0, "overlap"]]);
    const draft = hoursDraftOf({ friday: [["18:00", "08:00"]] });
    expect([...hoursProblems(draft).keys()]).toEqual(["friday"]);
  });

  it("sends each day's intervals as HH:MM by start, every day named", () => {
    const draft = hoursDraftOf({});
    draft.monday = [{ from: "13:00", to: "18:00" }, { from: "8:00", to: "12:00" }];
    const body = hoursBody(draft);
    expect(body.monday).toEqual([["08:00", "12:00"], ["13:00", "18:00"]]);
    expect(body.tuesday).toEqual([]);
    expect(Object.keys(body)).toEqual(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]);
  });
});

describe("keywords", () => {
  it("reads one per line or by commas, trimmed, without blanks or repeats (case and accents aside)", () => {
    expect(keywordList(" atendente \nHumano, humano\n\nAtenção;atencao")).toEqual(["atendente", "Humano", "Atenção"]);
    expect(keywordList("  ")).toEqual([]);
    expect(foldKeyword(" ATENÇÃO ")).toBe("atencao");
  });

  it("finds words too long and words in both lists", () => {
    expect(tooLong(["menu", "x".repeat(41), "y".repeat(40)])).toEqual(["x".repeat(41)]);
    expect(sharedKeywords(["atendente", "Menu"], ["menú", "início"])).toEqual(["Menu"]);
  });
});
