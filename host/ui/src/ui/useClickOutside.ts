// Closes a popover (a menu, the bell's panel) when the pointer goes down outside it.
import { useEffect, useRef, type RefObject } from "react";

export function useClickOutside(root: RefObject<HTMLElement | null>, active: boolean, onOutside: () => void): void {
  // The latest callback, without re-listening on every render.
  const latest = useRef(onOutside);
  useEffect(() => {
    latest.current = onOutside;
  });
  useEffect(() => {
    if (!active) return;
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) latest.current();
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [root, active]);
}
