// "Fluxos agendados" (S8): the flows scheduled to start for the contact, soonest first, with
// who scheduled each; "Agendar novo fluxo" (a published flow and a date and time); clicking one
// and answering "Sim" to "Tem certeza que deseja excluir esse agendamento?" deletes it;
// "Remover fluxos" deletes them all.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Conversation, ScheduledFlow } from "../api/types";
import { formatDayTime } from "../format";
import { useI18n } from "../i18n";
import { scheduledFlowsQuery } from "../queries/chatService";
import { keys } from "../queries/keys";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorState, LoadingState } from "../ui/States";
import { ScheduleFlowDialog } from "./ScheduleFlowDialog";
import { Section } from "./Section";

export function ScheduledFlowsSection({ conversation: c }: { conversation: Conversation }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const list = useQuery(scheduledFlowsQuery(c.id));
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<ScheduledFlow | "all" | null>(null);
  const path = { params: { path: { id: c.id } } };

  return (
    <Section
      title={t("scheduledFlows.title")}
      testId="section-scheduled-flows"
      actions={
        <button type="button" className="btn btn-ghost" onClick={() => setAdding(true)}>
          {t("scheduledFlows.add")}
        </button>
      }
    >
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />}
      {list.data?.length === 0 && <p className="muted">{t("scheduledFlows.empty")}</p>}
      <ul className="cards">
        {list.data?.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              className="card-item card-button"
              data-testid="scheduled-flow"
              onClick={() => setDeleting(f)}
              title={t("scheduledFlows.deleteOne")}
            >
              <span className="card-item-head">
                <strong>{f.flow.name}</strong>
                <span className="muted">{formatDayTime(f.run_at)}</span>
              </span>
              {f.scheduled_by && (
                <span className="muted">{t("scheduledFlows.by", { name: f.scheduled_by.name, when: formatDayTime(f.created_at) })}</span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {list.data && list.data.length > 0 && (
        <div>
          <button type="button" className="btn btn-danger-outline" onClick={() => setDeleting("all")}>
            {t("scheduledFlows.removeAll")}
          </button>
        </div>
      )}
      {adding && <ScheduleFlowDialog conversationId={c.id} onClose={() => setAdding(false)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={deleting === "all" ? t("scheduledFlows.removeAll") : t("scheduledFlows.deleteOne")}
        question={deleting === "all" ? t("scheduledFlows.removeAllQuestion") : t("scheduledFlows.deleteQuestion")}
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          const target = deleting!;
          if (target === "all") {
            await call(http.DELETE("/api/v1/conversations/{id}/scheduled-flows", path));
            queryClient.setQueryData(keys.scheduledFlows(c.id), []);
          } else {
            const one = { params: { path: { id: c.id, schedule_id: target.id } } };
            await call(http.DELETE("/api/v1/conversations/{id}/scheduled-flows/{schedule_id}", one));
            queryClient.setQueryData(keys.scheduledFlows(c.id), (items: ScheduledFlow[] | undefined) => items?.filter((x) => x.id !== target.id));
          }
        }}
      />
    </Section>
  );
}
