// The bell (N1), at the top right: a blue dot with the count when there are notifications; a
// click opens "Notificações", the list of new messages and chats handed to the user (or their
// department) while they were away from the Chat page. The "x" clears them all, each trash icon
// deletes its own, a click on one opens its chat and closes the panel. Esc or a click outside
// closes it and gives the focus back to the bell.
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useEffect, useId, useRef, useState } from "react";
import { errorMessage } from "../api/errors";
import type { Notification } from "../api/types";
import { formatDateTime, formatTime } from "../format";
import { useI18n } from "../i18n";
import {
  clearNotifications,
  deleteNotification,
  flattenNotifications,
  notificationCount,
  notificationsQuery,
} from "../queries/notifications";
import { BellIcon, TrashIcon, XIcon } from "../ui/icons";
import { showToast } from "../ui/toast";
import { useClickOutside } from "../ui/useClickOutside";

export function NotificationBell() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const panelId = useId();
  const headingId = useId();
  const query = useInfiniteQuery(notificationsQuery);
  const items = flattenNotifications(query.data);
  const count = notificationCount(query.data);

  useEffect(() => {
    if (open) panelRef.current?.focus();
  }, [open]);
  useClickOutside(rootRef, open, () => setOpen(false));

  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  }

  function openChat(n: Notification) {
    close(false);
    void navigate({ to: "/chat/$conversationId", params: { conversationId: n.conversation_id } });
  }

  async function act(action: () => Promise<void>, done?: string) {
    setBusy(true);
    try {
      await action();
      if (done) showToast(done);
    } catch (err) {
      showToast(errorMessage(err), "error");
    } finally {
      setBusy(false);
    }
  }

  async function remove(n: Notification, index: number) {
    await act(() => deleteNotification(queryClient, n.id));
    // Keep the keyboard where it was: the next item's trash, or the panel.
    requestAnimationFrame(() => {
      const buttons = panelRef.current?.querySelectorAll<HTMLButtonElement>(".notif-delete");
      const next = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)];
      (next ?? panelRef.current)?.focus();
    });
  }

  // Named by what the badge shows (its visible text starts the name), or "Notificações".
  const shown = count > 99 ? "99+" : String(count);
  const label = count === 0 ? t("notif.bell") : count === 1 ? t("notif.bellOne") : t("notif.bellCount", { n: shown });

  return (
    <div
      className="notif-root"
      ref={rootRef}
      onKeyDown={(e) => {
        if (open && e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          close(true);
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={open ? "icon-button notif-bell open" : "icon-button notif-bell"}
        aria-label={label}
        title={label}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        data-testid="notifications-bell"
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        <BellIcon size={20} />
        {count > 0 && (
          <span className="notif-badge" data-testid="notifications-count" aria-hidden="true">
            {shown}
          </span>
        )}
      </button>
      {open && (
        <section
          ref={panelRef}
          id={panelId}
          className="notif-panel"
          role="dialog"
          aria-labelledby={headingId}
          tabIndex={-1}
          data-testid="notifications-panel"
        >
          <header className="notif-head">
            <h2 id={headingId}>{t("notif.title")}</h2>
            <button
              type="button"
              className="icon-button"
              aria-label={t("notif.clearAll")}
              title={t("notif.clearAll")}
              disabled={busy || items.length === 0}
              onClick={() => void act(() => clearNotifications(queryClient), t("notif.cleared"))}
            >
              <XIcon size={18} />
            </button>
          </header>
          {query.isPending ? (
            <p className="notif-state muted" role="status">
              {t("common.loading")}
            </p>
          ) : query.isError && items.length === 0 ? (
            <p className="notif-state error-text" role="alert">
              {t("notif.loadError")}
            </p>
          ) : items.length === 0 ? (
            <p className="notif-state muted" data-testid="notifications-empty">
              {t("notif.empty")}
            </p>
          ) : (
            <ul className="notif-list" aria-labelledby={headingId}>
              {items.map((n, i) => (
                <li key={n.id} className="notif-item" data-testid="notification">
                  <button type="button" className="notif-open" onClick={() => openChat(n)}>
                    <span className="notif-line1">
                      <span className="notif-name">{n.contact_name}</span>
                      <time className="notif-time" dateTime={new Date(n.created_at).toISOString()} title={formatDateTime(n.created_at)}>
                        {formatTime(n.created_at)}
                      </time>
                    </span>
                    <span className={n.kind === "assigned" ? "notif-text assigned" : "notif-text"}>{n.text}</span>
                  </button>
                  <button
                    type="button"
                    className="icon-button notif-delete"
                    aria-label={t("notif.deleteOf", { name: n.contact_name })}
                    title={t("notif.delete")}
                    disabled={busy}
                    onClick={() => void remove(n, i)}
                  >
                    <TrashIcon size={16} />
                  </button>
                </li>
              ))}
            </ul>
          )}
          {query.hasNextPage && (
            <button
              type="button"
              className="btn btn-ghost notif-more"
              disabled={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
            >
              {query.isFetchingNextPage ? t("common.loading") : t("notif.more")}
            </button>
          )}
        </section>
      )}
    </div>
  );
}
