// "Mensagens agendadas" (S7): each scheduled template with who scheduled it and when, the
// template, the send time, and whom it opens the service for; "Agendar nova mensagem"; a
// pending one is cancelled after a "Sim".
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Conversation, ScheduledMessage } from "../api/types";
import { formatDayTime } from "../format";
import { useI18n, type MessageKey } from "../i18n";
import { scheduledMessagesQuery } from "../queries/chatService";
import { keys } from "../queries/keys";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorState, LoadingState } from "../ui/States";
import { ScheduleMessageDialog } from "./ScheduleMessageDialog";
import { Section } from "./Section";

const STATES: Record<string, MessageKey> = {
  pending: "schedule.state.pending",
  done: "schedule.state.done",
  cancelled: "schedule.state.cancelled",
  failed: "schedule.state.failed",
};

export function ScheduledMessagesSection({ conversation: c }: { conversation: Conversation }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const list = useQuery(scheduledMessagesQuery(c.id));
  const [adding, setAdding] = useState(false);
  const [cancelling, setCancelling] = useState<ScheduledMessage | null>(null);

  function openedFor(s: ScheduledMessage): string {
    if (!s.opened_for) return t("schedule.noService");
    const names = [s.opened_for.agent?.name, s.opened_for.department?.name].filter(Boolean);
    return names.length ? t("schedule.openedFor", { names: names.join(" · ") }) : t("schedule.openedForAnyone");
  }

  return (
    <Section
      title={t("schedule.title")}
      testId="section-scheduled"
      actions={
        c.channel && (
          <button type="button" className="btn btn-ghost" onClick={() => setAdding(true)}>
            {t("schedule.add")}
          </button>
        )
      }
    >
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />}
      {list.data?.length === 0 && <p className="muted">{t("schedule.empty")}</p>}
      <ul className="cards">
        {list.data?.map((s) => (
          <li key={s.id} className={`card-item scheduled scheduled-${s.state}`} data-testid="scheduled-message">
            <div className="card-item-head">
              <strong>{s.template.name}</strong>
              <span className="tag">{t(STATES[s.state] ?? "schedule.state.pending")}</span>
            </div>
            <p>{t("schedule.sendAt", { when: formatDayTime(s.send_at) })}</p>
            <p className="muted">{openedFor(s)}</p>
            <p className="muted">{t("schedule.by", { name: s.author.name, when: formatDayTime(s.created_at) })}</p>
            {s.last_error && <p className="error-text">{s.last_error}</p>}
            {s.state === "pending" && (
              <div className="card-item-actions">
                <button type="button" className="link-button danger" onClick={() => setCancelling(s)}>
                  {t("schedule.cancel")}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {adding && c.channel && <ScheduleMessageDialog conversationId={c.id} channelId={c.channel.id} onClose={() => setAdding(false)} />}
      <ConfirmDialog
        open={cancelling !== null}
        title={t("schedule.cancelTitle")}
        question={t("schedule.cancelQuestion")}
        danger
        onClose={() => setCancelling(null)}
        onConfirm={async () => {
          const s = cancelling!;
          const updated = await call(
            http.DELETE("/api/v1/conversations/{id}/scheduled-messages/{message_id}", { params: { path: { id: c.id, message_id: s.id } } }),
          );
          queryClient.setQueryData(keys.scheduledMessages(c.id), (items: ScheduledMessage[] | undefined) =>
            items?.map((x) => (x.id === updated.id ? updated : x)),
          );
        }}
      />
    </Section>
  );
}
