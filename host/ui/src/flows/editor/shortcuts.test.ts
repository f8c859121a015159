// Which command a key press means, and that typing in a field is left alone.
import { describe, expect, it } from "vitest";
import { commandOf, isTyping } from "./shortcuts";

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("editor shortcuts", () => {
  it("reads undo, redo, copy, paste, select all, deselect and help", () => {
    expect(commandOf(press("z", { ctrlKey: true }))).toBe("undo");
    expect(commandOf(press("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
    expect(commandOf(press("y", { ctrlKey: true }))).toBe("redo");
    expect(commandOf(press("z", { metaKey: true }))).toBe("undo");
    expect(commandOf(press("c", { ctrlKey: true }))).toBe("copy");
    expect(commandOf(press("v", { metaKey: true }))).toBe("paste");
    expect(commandOf(press("?", { shiftKey: true }))).toBe("help");
    expect(commandOf(press("a", { ctrlKey: true }))).toBe("selectAll");
    expect(commandOf(press("Escape"))).toBe("deselect");
    expect(commandOf(press("z"))).toBeNull();
    expect(commandOf(press("z", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(commandOf(press("Delete"))).toBeNull();
  });

  it("leaves key presses in fields and dialogs alone", () => {
    const inside = (selector: string | null) => ({ closest: (s: string) => (selector && s.includes(selector) ? {} : null) });
    expect(isTyping(inside("textarea") as unknown as EventTarget)).toBe(true);
    expect(isTyping(inside("dialog") as unknown as EventTarget)).toBe(true);
    expect(isTyping(inside(null) as unknown as EventTarget)).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});
