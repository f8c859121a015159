// S4, S17, C7: which composer a chat gets, as the server's window rule decides.
import { describe, expect, it } from "vitest";
import { conv } from "../list/testing";
import { composerMode, freeFormEnds } from "./sendability";

const NOW = 1_000_000;
const window = (over: object) => ({ status: "open" as const, ...over });

describe("composer mode", () => {
  it("offers free-form while the window is open, templates once it ended or never opened", () => {
    expect(composerMode(conv(1, { window: window({ free_form_until: NOW + 1 }) }), NOW)).toBe("free");
    expect(composerMode(conv(1, { window: window({ free_form_until: NOW }) }), NOW)).toBe("templates");
    expect(composerMode(conv(1, { window: window({ status: "none", free_form_until: null }) }), NOW)).toBe("templates");
    expect(composerMode(conv(1, { window: null }), NOW)).toBe("templates");
  });

  it("a template session alone never unlocks free-form (S4)", () => {
    expect(composerMode(conv(1, { window: window({ free_form_until: null, marketing_until: NOW + 1000 }) }), NOW)).toBe("templates");
  });

  it("Messenger's human agent days count as open", () => {
    expect(composerMode(conv(1, { window: window({ free_form_until: NOW - 1, human_agent_until: NOW + 5 }) }), NOW)).toBe("free");
  });

  it("a blocked contact gets nothing (S17), the team chat only its own messages", () => {
    const blocked = conv(1, { window: window({ free_form_until: NOW + 1 }) });
    blocked.contact = { ...blocked.contact!, blocked: true };
    expect(composerMode(blocked, NOW)).toBe("blocked");
    expect(composerMode(conv(2, { kind: "internal", contact: null, window: null }), NOW)).toBe("team");
  });

  it("knows when the window closes next", () => {
    expect(freeFormEnds(window({ free_form_until: NOW + 10, human_agent_until: NOW + 50 }), NOW)).toBe(NOW + 50);
    expect(freeFormEnds(window({ free_form_until: NOW - 10 }), NOW)).toBeNull();
  });
});
