import { describe, expect, it } from "vitest";
import { badgeCount, flattenPages, nextBefore, withoutItem } from "./bell";

const page = (ids: number[], total: number) => ({ items: ids.map((id) => ({ id })), total });

describe("the bell's pages (N1)", () => {
  it("asks for the next page before the oldest loaded one while some are missing", () => {
    const first = page([30, 29, 28], 5);
    expect(nextBefore(first, [first], 3)).toBe(28);
    const second = page([27, 26], 5);
    expect(nextBefore(second, [first, second], 3)).toBeUndefined();
    expect(nextBefore(page([], 0), [page([], 0)], 3)).toBeUndefined();
    // A short page is the last one, whatever the count says.
    expect(nextBefore(page([3, 2], 9), [page([3, 2], 9)], 3)).toBeUndefined();
  });

  it("lists each notification once and counts from the newest answer", () => {
    const pages = [page([31, 30, 29], 7), page([29, 28], 6)];
    expect(flattenPages(pages).map((n) => n.id)).toEqual([31, 30, 29, 28]);
    expect(badgeCount(pages)).toBe(7);
    expect(badgeCount(undefined)).toBe(0);
    expect(flattenPages(undefined)).toEqual([]);
  });

  it("deletes one from the list and the count", () => {
    const pages = [page([3, 2], 3), page([1], 3)];
    const after = withoutItem(pages, 2);
    expect(flattenPages(after).map((n) => n.id)).toEqual([3, 1]);
    expect(badgeCount(after)).toBe(2);
    expect(badgeCount(withoutItem(after, 99))).toBe(2);
  });
});
