// The one modal dialog of the app, on the native <dialog>: the browser keeps focus inside it,
// Esc closes it, and focus goes back to what opened it. Title, body and an actions row.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { useI18n } from "../i18n";

interface Props {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom (the primary action last). */
  actions?: ReactNode;
  /** "wide" for forms with a preview. */
  size?: "narrow" | "wide";
  testId?: string;
  /** Whether a click outside the box closes it (off for forms, so typed data is not lost). */
  dismissOnBackdrop?: boolean;
}

export function Dialog({ open, title, onClose, children, actions, size = "narrow", testId, dismissOnBackdrop = true }: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const opener = document.activeElement as HTMLElement | null;
      dialog.showModal();
      return () => {
        if (dialog.open) dialog.close();
        opener?.focus?.();
      };
    }
  }, [open]);

  if (!open) return null;
  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        // Esc: let React's state close it, so open/closed stays in one place.
        e.preventDefault();
        closeRef.current();
      }}
      onClick={(e) => {
        // A click on the backdrop (the <dialog> itself, outside its box) closes it.
        if (dismissOnBackdrop && e.target === e.currentTarget) closeRef.current();
      }}
    >
      <div className="dialog-box">
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label={t("common.close")}>
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {actions && <footer className="dialog-actions">{actions}</footer>}
      </div>
    </dialog>
  );
}
