// Delivery marks on outbound messages (C16, C17): clock, ✓, grey ✓✓, green ✓✓, red ✗ with the error.
import { useI18n } from "../i18n";
import type { Message } from "../api/types";

export function StatusMark({ status, error }: Pick<Message, "status" | "error">) {
  const { t } = useI18n();
  switch (status) {
    case "pending":
      return (
        <span className="status-mark status-pending" title={t("msg.status.pending")} aria-label={t("msg.status.pending")}>
          <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
            <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
            <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
          </svg>
        </span>
      );
    case "sent":
      return (
        <span className="status-mark status-sent" title={t("msg.status.sent")} aria-label={t("msg.status.sent")}>
          ✓
        </span>
      );
    case "delivered":
      return (
        <span className="status-mark status-delivered" title={t("msg.status.delivered")} aria-label={t("msg.status.delivered")}>
          ✓✓
        </span>
      );
    case "read":
      return (
        <span className="status-mark status-read" title={t("msg.status.read")} aria-label={t("msg.status.read")}>
          ✓✓
        </span>
      );
    case "failed": {
      const title = error ? `${error.code} — ${error.title}` : t("msg.status.failed");
      return (
        <span className="status-mark status-failed" title={title} aria-label={`${t("msg.status.failed")}: ${title}`}>
          ✗
        </span>
      );
    }
    default:
      return null;
  }
}
