// A text field of a node's form that offers variables as the composer does (C8, reusing its
// variables.ts): typing `{` (or `<`) lists the contact's fields, the account's custom fields and
// the flow's variables, narrowed by what follows; arrows move, Enter or Tab picks, Esc closes.
import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { insertVariable, suggestions, variableAt, type Token, type VariableField } from "../../composer/variables";
import { useI18n } from "../../i18n";

interface Props {
  id: string;
  value: string;
  fields: readonly VariableField[];
  onChange: (value: string) => void;
  onBlur?: () => void;
  multiline?: boolean;
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
  required?: boolean;
}

export function VariableText({ id, value, fields, onChange, onBlur, multiline, invalid, describedBy, disabled, required }: Props) {
  const { t } = useI18n();
  const listId = useId();
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const [token, setToken] = useState<{ token: Token; caret: number } | null>(null);
  const [active, setActive] = useState(0);
  const pendingCaret = useRef<number | null>(null);
  const matches = token ? suggestions(token.token.query, fields) : [];
  const open = matches.length > 0;

  function change(next: string, caret: number | null) {
    onChange(next);
    const found = caret === null ? null : variableAt(next, caret);
    setToken(found && caret !== null ? { token: found, caret } : null);
    setActive(0);
  }

  function pick(key: string) {
    if (!token) return;
    const next = insertVariable(value, token.token, token.caret, key);
    pendingCaret.current = next.caret;
    change(next.text, null);
  }

  // The caret goes right after the picked variable.
  useLayoutEffect(() => {
    const caret = pendingCaret.current;
    if (caret === null) return;
    pendingCaret.current = null;
    ref.current?.focus();
    ref.current?.setSelectionRange(caret, caret);
  });

  function keyDown(e: KeyboardEvent<HTMLElement>) {
    if (!open) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + matches.length) % matches.length);
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      pick(matches[Math.min(active, matches.length - 1)].key);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      setToken(null);
    }
  }

  const common = {
    id,
    ref,
    value,
    disabled,
    required,
    "aria-invalid": invalid || undefined,
    "aria-describedby": describedBy,
    "aria-autocomplete": "list" as const,
    "aria-controls": open ? listId : undefined,
    "aria-expanded": open,
    "aria-activedescendant": open ? `${listId}-${active}` : undefined,
    role: "combobox",
    onKeyDown: keyDown,
    onBlur: () => {
      setToken(null);
      onBlur?.();
    },
  };
  return (
    <div className="variable-text">
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => change(e.target.value, e.target.selectionStart)} />
      ) : (
        <input {...common} type="text" onChange={(e) => change(e.target.value, e.target.selectionStart)} />
      )}
      {open && (
        <ul className="variable-suggestions" role="listbox" id={listId} aria-label={t("flowForm.variables")} data-testid="variable-suggestions">
          {matches.map((f, i) => (
            <li
              key={f.key}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              // Picked on mousedown so the field keeps its focus and caret.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(f.key);
              }}
            >
              <code>{`{${f.key}}`}</code> <span className="muted">{f.label}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
