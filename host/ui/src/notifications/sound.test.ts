import { describe, expect, it } from "vitest";
import { shouldPlaySound } from "./sound";

// The source text's "Há / Não há notificação sonora" cases that the page decides; the others
// (not assigned, not in the department, chat permissions) send no event to the page at all.
describe("shouldPlaySound (N2)", () => {
  it("Há: the agent is not on the Chat page (Contatos, Dashboard, Meu Perfil …)", () => {
    expect(shouldPlaySound({ page: "other", visible: true, muted: false })).toBe(true);
    expect(shouldPlaySound({ page: "other", visible: false, muted: false })).toBe(true);
  });

  it("Há: the Chat page is in another browser tab or the window is minimised", () => {
    expect(shouldPlaySound({ page: "chat", visible: false, muted: false })).toBe(true);
  });

  it("Não há: the agent is looking at the Chat page", () => {
    expect(shouldPlaySound({ page: "chat", visible: true, muted: false })).toBe(false);
  });

  it("Não há: the sounds were turned off with the sound icon", () => {
    expect(shouldPlaySound({ page: "other", visible: true, muted: true })).toBe(false);
    expect(shouldPlaySound({ page: "chat", visible: false, muted: true })).toBe(false);
    expect(shouldPlaySound({ page: "chat", visible: true, muted: true })).toBe(false);
  });
});
