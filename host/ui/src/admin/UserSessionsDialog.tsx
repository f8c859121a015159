// "Sessões" of a user in "Usuários" (issue 17 part 5): where that user is signed in now (the
// device, the IP address, "Início", "Último acesso", as on "Meu Perfil"), and "Encerrar todas as
// sessões" after a "Sim": each of their devices goes to the login page on its next step (for the
// admin's own row, all but this session). A toast says how many ended.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { User } from "../api/types";
import { useI18n } from "../i18n";
import { SessionsTable } from "../profile/SessionsTable";
import { endedText } from "../profile/sessionText";
import { endUserSessions, userSessionsQuery } from "../queries/sessions";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { Dialog } from "../ui/Dialog";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";

export function UserSessionsDialog({ user, selfId, onClose }: { user: User; selfId: number; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const sessions = useQuery(userSessionsQuery(user.id));
  const [confirming, setConfirming] = useState(false);
  const self = user.id === selfId;
  // One's own current session is not among those that end.
  const endable = (sessions.data ?? []).filter((s) => !s.current).length;

  return (
    <>
      <Dialog
        open
        size="wide"
        title={t("users.sessionsTitle", { name: user.name })}
        onClose={onClose}
        testId="user-sessions-dialog"
        actions={
          <>
            <button type="button" className="btn btn-ghost" onClick={onClose}>
              {t("common.close")}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)} disabled={endable === 0}>
              {t("users.endAllSessions")}
            </button>
          </>
        }
      >
        <p className="muted">{t("users.sessionsIntro", { name: user.name })}</p>
        <QueryStates query={sessions} empty={t("users.sessionsEmpty", { name: user.name })} />
        {sessions.data && sessions.data.length > 0 && (
          <SessionsTable sessions={sessions.data} label={t("users.sessionsTitle", { name: user.name })} />
        )}
      </Dialog>
      <ConfirmDialog
        open={confirming}
        title={t("users.endAllSessions")}
        question={self ? t("users.endAllOwnQuestion") : t("users.endAllQuestion", { name: user.name })}
        danger
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          const ended = await endUserSessions(queryClient, user.id);
          showToast(endedText(ended));
        }}
      />
    </>
  );
}
