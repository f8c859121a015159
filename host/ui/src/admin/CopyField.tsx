// A value to copy (a channel's webhook URL, its verify token): read-only, selected on focus,
// with a "Copiar" button that says "Copiado." to screen readers too. Without a clipboard (an
// insecure page) the field is selected for Ctrl+C instead.
import { useId, useRef, useState } from "react";
import { useI18n } from "../i18n";

/** `hideLabel`: the label is for screen readers only (a table cell whose column says what it is). */
export function CopyField({ label, value, testId, hideLabel }: { label: string; value: string; testId?: string; hideLabel?: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      input.current?.select();
    }
  }

  return (
    <div className="field copy-field" data-testid={testId}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : undefined}>
        {label}
      </label>
      <div className="copy-field-row">
        <input id={id} ref={input} readOnly value={value} spellCheck={false} className="token-secret" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn btn-ghost" onClick={() => void copy()} aria-label={t("channelsAdmin.copyOf", { label })}>
          {t("channelsAdmin.copy")}
        </button>
      </div>
      <span role="status" className="muted">
        {copied ? t("channelsAdmin.copied") : ""}
      </span>
    </div>
  );
}
