// A4: a department's members toggled, named and compared.
import { describe, expect, it } from "vitest";
import type { User } from "../api/types";
import { memberNames, sameMembers, toggleMember } from "./members";

const u = (id: number, name: string) => ({ id, name }) as User;

describe("department members", () => {
  it("toggles a member in and out, sorted and once", () => {
    expect(toggleMember([3, 1], 2, true)).toEqual([1, 2, 3]);
    expect(toggleMember([1, 2], 2, true)).toEqual([1, 2]);
    expect(toggleMember([1, 2], 1, false)).toEqual([2]);
  });

  it("names members in name order, skipping unknown ids", () => {
    expect(memberNames([2, 1, 9], [u(1, "Bruno"), u(2, "Ana")])).toEqual(["Ana", "Bruno"]);
  });

  it("compares member lists as sets", () => {
    expect(sameMembers([1, 2], [2, 1])).toBe(true);
    expect(sameMembers([1, 2], [1])).toBe(false);
    expect(sameMembers([1, 2], [1, 3])).toBe(false);
  });
});
