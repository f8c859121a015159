// Where the toasts show: a polite live region (errors are assertive), bottom corner.
import { useI18n } from "../i18n";
import { dismissToast, useToasts } from "./toast";

export function Toasts() {
  const { t } = useI18n();
  const toasts = useToasts();
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`} role={toast.tone === "error" ? "alert" : "status"}>
          <span>{toast.text}</span>
          <button type="button" className="icon-button" onClick={() => dismissToast(toast.id)} aria-label={t("common.close")}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
