// A3 visibility and the L1 views, mirrored from the server's rules.
import { describe, expect, it } from "vitest";
import { canSee, inView, VIEWS, type Viewer } from "./access";
import { conv, me } from "./testing";

const views = (c: ReturnType<typeof conv>, viewer: Viewer = me) => VIEWS.filter((v) => inView(v, viewer, c));

describe("L1 views", () => {
  it("a closed chat shows only in All", () => {
    expect(views(conv(1, { state: "closed", agent: { id: 7, name: "Eu" } }))).toEqual(["all"]);
  });
  it("a chat with a department shows in All and Open", () => {
    expect(views(conv(1, { department: { id: 1, name: "Suporte" } }))).toEqual(["all", "open"]);
  });
  it("a chat without agent or department shows in All and Open", () => {
    expect(views(conv(1))).toEqual(["all", "open"]);
  });
  it("a chat with an agent shows in All, Mine for that agent, and In service", () => {
    expect(views(conv(1, { agent: { id: 7, name: "Eu" } }))).toEqual(["all", "mine", "in_service"]);
    expect(views(conv(1, { agent: { id: 8, name: "Outro" } }))).toEqual(["all", "in_service"]);
  });
  it("a chat in a flow, and the team chat, show only in All", () => {
    expect(views(conv(1, { state: "bot" }))).toEqual(["all"]);
    expect(views(conv(1, { kind: "internal", contact: null, channel: null }))).toEqual(["all"]);
  });
});

describe("A3 visibility", () => {
  const dept: Viewer = { id: 7, chat_visibility: "department", department_ids: [1] };
  const own: Viewer = { id: 7, chat_visibility: "own", department_ids: [1] };
  it("department visibility sees its departments, its own chats and the unassigned queue", () => {
    expect(canSee(dept, conv(1))).toBe(true);
    expect(canSee(dept, conv(1, { department: { id: 1, name: "Suporte" } }))).toBe(true);
    expect(canSee(dept, conv(1, { department: { id: 2, name: "Vendas" } }))).toBe(false);
    expect(canSee(dept, conv(1, { agent: { id: 8, name: "Outro" } }))).toBe(false);
    expect(canSee(dept, conv(1, { agent: { id: 7, name: "Eu" }, department: { id: 2, name: "Vendas" } }))).toBe(true);
  });
  it("own visibility sees only its chats and the team chat", () => {
    expect(canSee(own, conv(1))).toBe(false);
    expect(canSee(own, conv(1, { agent: { id: 7, name: "Eu" } }))).toBe(true);
    expect(canSee(own, conv(1, { kind: "internal" }))).toBe(true);
  });
});
