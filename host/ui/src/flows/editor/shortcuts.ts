// The editor's keyboard shortcuts: which command a key press means (pure, tested), and the list
// the "Atalhos" panel shows. Typing in a field or a dialog is never taken as a command.
import type { MessageKey } from "../../i18n";

export type Command = "undo" | "redo" | "copy" | "paste" | "selectAll" | "deselect" | "help";

interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The command `event` asks for, or null. */
export function commandOf(event: KeyPress): Command | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (event.altKey) return null;
  if (mod && key === "z") return event.shiftKey ? "redo" : "undo";
  if (mod && key === "y" && !event.shiftKey) return "redo";
  if (mod && key === "c" && !event.shiftKey) return "copy";
  if (mod && key === "v" && !event.shiftKey) return "paste";
  if (mod && key === "a" && !event.shiftKey) return "selectAll";
  if (!mod && event.key === "Escape") return "deselect";
  if (!mod && event.key === "?") return "help";
  return null;
}

/** Whether a key press on `target` belongs to what is typed there (a field, an editable area, a dialog). */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || typeof element.closest !== "function") return false;
  return element.closest("input, textarea, select, [contenteditable='true'], dialog") !== null;
}

/** The shortcuts the help panel lists: the keys and what they do. */
export const SHORTCUTS: { keys: MessageKey; action: MessageKey }[] = [
  { keys: "flowEditor.keys.undo", action: "flowEditor.shortcuts.undo" },
  { keys: "flowEditor.keys.redo", action: "flowEditor.shortcuts.redo" },
  { keys: "flowEditor.keys.copy", action: "flowEditor.shortcuts.copy" },
  { keys: "flowEditor.keys.paste", action: "flowEditor.shortcuts.paste" },
  { keys: "flowEditor.keys.delete", action: "flowEditor.shortcuts.delete" },
  { keys: "flowEditor.keys.selectAll", action: "flowEditor.shortcuts.selectAll" },
  { keys: "flowEditor.keys.deselect", action: "flowEditor.shortcuts.deselect" },
  { keys: "flowEditor.keys.focus", action: "flowEditor.shortcuts.focus" },
  { keys: "flowEditor.keys.select", action: "flowEditor.shortcuts.select" },
  { keys: "flowEditor.keys.move", action: "flowEditor.shortcuts.move" },
  { keys: "flowEditor.keys.box", action: "flowEditor.shortcuts.box" },
  { keys: "flowEditor.keys.multi", action: "flowEditor.shortcuts.multi" },
  { keys: "flowEditor.keys.help", action: "flowEditor.shortcuts.help" },
];
