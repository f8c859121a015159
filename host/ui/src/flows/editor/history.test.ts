// Undo and redo over committed steps; a replaced present (a drag in progress) is one step.
import { describe, expect, it } from "vitest";
import { commit, HISTORY_LIMIT, redo, replace, startHistory, undo } from "./history";

describe("history", () => {
  it("undoes and redoes every committed change in order", () => {
    let h = startHistory("a");
    h = commit(h, "b");
    h = commit(h, "c");
    h = undo(h);
    expect(h.present).toBe("b");
    h = undo(h);
    expect(h.present).toBe("a");
    expect(undo(h)).toBe(h);
    h = redo(h);
    h = redo(h);
    expect(h.present).toBe("c");
    expect(redo(h)).toBe(h);
  });

  it("forgets what was undone once a new change is made", () => {
    let h = commit(commit(startHistory(1), 2), 3);
    h = commit(undo(h), 4);
    expect(h).toEqual({ past: [1, 2], present: 4, future: [] });
  });

  it("counts a drag (commit, then replacements) as one step", () => {
    let h = startHistory("start");
    h = commit(h, "moving 1");
    h = replace(h, "moving 2");
    h = replace(h, "dropped");
    expect(undo(h).present).toBe("start");
    expect(redo(undo(h)).present).toBe("dropped");
  });

  it("ignores a commit of the present itself and keeps at most the limit", () => {
    const h = startHistory({ n: 0 });
    expect(commit(h, h.present)).toBe(h);
    let long = startHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) long = commit(long, i);
    expect(long.past).toHaveLength(HISTORY_LIMIT);
  });
});
