// "Sessões ativas" on "Meu Perfil" (issue 17 part 5): where one's account is signed in now, the
// most recently used first, this one marked "Esta sessão". "Encerrar" ends another one (that
// device goes to the login page on its next step); "Encerrar as outras sessões", after a "Sim",
// ends all but this one, and a toast says how many.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage } from "../api/errors";
import type { SessionView } from "../api/types";
import { useI18n } from "../i18n";
import { endMyOtherSessions, endMySession, mySessionsQuery } from "../queries/sessions";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { SessionsTable } from "./SessionsTable";
import { endedText } from "./sessionText";

export function SessionsCard() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const headingId = useId();
  const sessions = useQuery(mySessionsQuery);
  const [endingId, setEndingId] = useState<string | null>(null);
  const [confirmOthers, setConfirmOthers] = useState(false);
  const others = (sessions.data ?? []).filter((s) => !s.current).length;

  async function end(session: SessionView) {
    setEndingId(session.id);
    try {
      await endMySession(queryClient, session.id);
      showToast(t("sessions.endedOne"));
    } catch (err) {
      showToast(errorMessage(err), "error");
    } finally {
      setEndingId(null);
    }
  }

  return (
    <section className="profile-section profile-sessions" aria-labelledby={headingId} data-testid="sessions-card">
      <h2 id={headingId}>{t("sessions.title")}</h2>
      <p className="field-hint">{t("sessions.intro")}</p>
      <QueryStates query={sessions} empty={t("sessions.empty")} />
      {sessions.data && sessions.data.length > 0 && (
        <SessionsTable sessions={sessions.data} label={t("sessions.title")} onEnd={(s) => void end(s)} endingId={endingId} />
      )}
      {others > 0 && (
        <div>
          <button type="button" className="btn btn-danger-outline" onClick={() => setConfirmOthers(true)}>
            {t("sessions.endOthers")}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirmOthers}
        title={t("sessions.endOthers")}
        question={t("sessions.endOthersQuestion")}
        danger
        onClose={() => setConfirmOthers(false)}
        onConfirm={async () => {
          const ended = await endMyOtherSessions(queryClient);
          showToast(endedText(ended));
        }}
      />
    </section>
  );
}
