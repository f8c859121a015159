// "Fluxos" of the chat (F3, L10, S16): its flow sessions, newest first — the flow, how it ended
// or where it waits, when it started — and "Parar fluxo" for the one waiting on the contact.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Conversation } from "../api/types";
import { formatDayTime } from "../format";
import { sessionStatusWords } from "../flows/sessionStatus";
import { useI18n } from "../i18n";
import { flowSessionsQuery } from "../queries/chatService";
import { keys } from "../queries/keys";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorState, LoadingState } from "../ui/States";
import { Section } from "./Section";

export function FlowSessionsSection({ conversation: c }: { conversation: Conversation }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const sessions = useQuery(flowSessionsQuery(c.id));
  const [stopping, setStopping] = useState(false);

  return (
    <Section title={t("flows.title")} testId="section-flows">
      {sessions.isPending && <LoadingState />}
      {sessions.isError && <ErrorState message={errorMessage(sessions.error)} onRetry={() => void sessions.refetch()} />}
      {sessions.data?.length === 0 && <p className="muted">{t("flows.none")}</p>}
      <ul className="cards">
        {sessions.data?.slice(0, 5).map((s) => (
          <li key={s.id} className={`card-item flow-session flow-${s.status}`} data-testid="flow-session">
            <div className="card-item-head">
              <strong>{s.flow.name}</strong>
              <span className="tag">{sessionStatusWords(s.status, t)}</span>
            </div>
            <p className="muted">{t("flows.started", { when: formatDayTime(s.started_at) })}</p>
            {s.status === "waiting" && s.node && (
              <p className="muted">{t(s.waiting_for === "wake" ? "flows.sleeping" : "flows.waitingAt", { node: s.node })}</p>
            )}
            {s.status === "waiting" && (
              <div className="card-item-actions">
                <button type="button" className="link-button danger" onClick={() => setStopping(true)}>
                  {t("flows.stop")}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={stopping}
        title={t("flows.stopTitle")}
        question={t("flows.stopQuestion")}
        danger
        onClose={() => setStopping(false)}
        onConfirm={async () => {
          await call(http.DELETE("/api/v1/conversations/{id}/flow-session", { params: { path: { id: c.id } } }));
          await queryClient.invalidateQueries({ queryKey: keys.flowSessions(c.id) });
        }}
      />
    </Section>
  );
}
