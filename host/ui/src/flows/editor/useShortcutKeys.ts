// The editor's keyboard shortcuts, listened to on the whole page while the editor is open: a key
// press that means a command (shortcuts.ts) runs it, unless it is typed into a field or a
// dialog; `run` says whether it did something, and only then is the browser's own action
// (its copy, its paste) prevented.
import { useEffect, useRef } from "react";
import { commandOf, isTyping, type Command } from "./shortcuts";

export function useShortcutKeys(run: (command: Command) => boolean): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTyping(event.target)) return;
      const command = commandOf(event);
      if (command && latest.current(command)) event.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}
