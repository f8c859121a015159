// A button that opens a small menu of actions (the row's "⋮", the user menu, a message's
// reactions): arrow keys move, Enter picks, Esc or a click outside closes and gives focus back
// to the button. A menu of emojis lies in a row, and each item may carry a spoken name.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useClickOutside } from "./useClickOutside";

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  /** The spoken name and hover title when the label alone says too little (an emoji). */
  name?: string;
}

interface Props {
  /** The button's accessible name (its title too when it shows only an icon). */
  label: string;
  /** What the button shows; the label when absent. */
  trigger?: ReactNode;
  items: MenuItem[];
  className?: string;
  align?: "start" | "end";
  testId?: string;
  /** "row" lays the items side by side (left/right arrows move too). */
  layout?: "column" | "row";
  /** Shown above the items, not focusable (the user menu's support code). */
  header?: ReactNode;
}

export function Menu({ label, trigger, items, className, align = "end", testId, layout = "column", header }: Props) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const menuId = useId();

  useEffect(() => {
    if (open) itemRefs.current[0]?.focus();
  }, [open]);
  useClickOutside(rootRef, open, () => setOpen(false));

  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  }

  function onKeyDown(e: React.KeyboardEvent) {
    const focusable = itemRefs.current.filter(Boolean) as HTMLButtonElement[];
    const at = focusable.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === "ArrowDown" || (layout === "row" && e.key === "ArrowRight")) {
      e.preventDefault();
      focusable[(at + 1) % focusable.length]?.focus();
    } else if (e.key === "ArrowUp" || (layout === "row" && e.key === "ArrowLeft")) {
      e.preventDefault();
      focusable[(at - 1 + focusable.length) % focusable.length]?.focus();
    } else if (e.key === "Tab") {
      close(false);
    }
  }

  return (
    <div className={`menu-root ${className ?? ""}`} ref={rootRef} onKeyDown={open ? onKeyDown : undefined}>
      <button
        ref={buttonRef}
        type="button"
        className="menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={trigger ? label : undefined}
        title={trigger ? label : undefined}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (!open && e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {trigger ?? label}
      </button>
      {open && (
        <div
          className={`menu menu-${align} menu-${layout}`}
          role="menu"
          id={menuId}
          aria-label={label}
          aria-orientation={layout === "row" ? "horizontal" : undefined}
        >
          {header && (
            <div className="menu-header" role="presentation">
              {header}
            </div>
          )}
          {items.map((item, i) => (
            <button
              key={item.label}
              ref={(el) => {
                itemRefs.current[i] = el;
              }}
              type="button"
              role="menuitem"
              aria-label={item.name}
              title={item.name}
              className={item.danger ? "menu-item danger" : "menu-item"}
              onClick={() => {
                close(true);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
