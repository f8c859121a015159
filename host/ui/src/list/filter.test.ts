// L1–L4, L14: the URL's filter, the server query it becomes, and whether a live snapshot fits it.
import { describe, expect, it } from "vitest";
import { activeFilterCount, clearedFilters, filterKey, matches, matchesSearch, parseChatSearch, toFilter, toQuery } from "./filter";
import { conv, me } from "./testing";

describe("the /chat search params", () => {
  it("keep known values and drop malformed or default ones", () => {
    expect(
      parseChatSearch({ view: "open", sort: "opening_oldest", tag: "3", agent: 2, unread: "true", channel: "instagram", q: " Ana " }),
    ).toEqual({ view: "open", sort: "opening_oldest", tag: 3, agent: 2, unread: true, channel: "instagram", q: "Ana" });
    expect(parseChatSearch({ view: "all", sort: "recent", tag: "x", channel: "fax", department: -1, internal: "no" })).toEqual({});
  });

  it("become the server's query, every filter combined (L2)", () => {
    const f = toFilter({ view: "mine", sort: "oldest", internal: true, unread: true, tag: 1, department: 2, campaign: "Verão", agent: 3, channel: "whatsapp", q: "2026" });
    expect(toQuery(f, "abc", 100)).toEqual({
      view: "mine",
      sort: "oldest",
      limit: 100,
      internal: "only",
      unread: true,
      tag: 1,
      department: 2,
      campaign: "Verão",
      agent: 3,
      channel: "whatsapp",
      search: "2026",
      cursor: "abc",
    });
    expect(activeFilterCount(f)).toBe(7);
  });

  it("Limpar filtros keeps only the order", () => {
    expect(clearedFilters({ sort: "oldest", tag: 1, internal: true, q: "x" })).toEqual({ sort: "oldest" });
    expect(clearedFilters({ tag: 1 })).toEqual({});
  });

  it("gives equal filters the same cache key", () => {
    expect(filterKey(toFilter({ tag: 1, view: "open" }))).toBe(filterKey(toFilter({ view: "open", tag: 1 })));
    expect(filterKey(toFilter({ tag: 1 }))).not.toBe(filterKey(toFilter({ tag: 2 })));
  });
});

describe("a live snapshot against a filter", () => {
  it("checks the view, each filter, and says 'unknown' for tags (not in the snapshot)", () => {
    const c = conv(1, { unread: true, department: { id: 2, name: "Vendas" }, contact: { id: 1, name: "Ana", phone: "5521988887777", blocked: false, campaign: "Verão" } });
    expect(matches(c, toFilter({}), me)).toBe(true);
    expect(matches(c, toFilter({ view: "mine" }), me)).toBe(false);
    expect(matches(c, toFilter({ unread: true, department: 2, campaign: "Verão", channel: "whatsapp" }), me)).toBe(true);
    expect(matches(c, toFilter({ department: 3 }), me)).toBe(false);
    expect(matches(c, toFilter({ channel: "instagram" }), me)).toBe(false);
    expect(matches(c, toFilter({ agent: 7 }), me)).toBe(false);
    expect(matches({ ...c, unread: false }, toFilter({ unread: true }), me)).toBe(false);
    expect(matches(c, toFilter({ internal: true }), me)).toBe(false);
    expect(matches(c, toFilter({ tag: 5 }), me)).toBe("unknown");
  });

  it("L4: finds active chats by name, protocol prefix or 4+ phone digits", () => {
    const c = conv(1, { protocol: "20261205-000042", contact: { id: 1, name: "Maria Souza", phone: "5521988887777", blocked: false } });
    expect(matchesSearch(c, "souza")).toBe(true);
    expect(matchesSearch(c, "20261205")).toBe(true);
    expect(matchesSearch(c, "000042")).toBe(false);
    expect(matchesSearch(c, "8888-7777")).toBe(true);
    expect(matchesSearch(c, "777")).toBe(false);
    expect(matchesSearch({ ...c, state: "closed" }, "Maria")).toBe(false);
  });
});
