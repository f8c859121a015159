// "Pausar", "Retomar" and "Cancelar" on a broadcast's page (A7): only those its state allows;
// "Cancelar" asks first ("Sim" cancels for good). The server's answer is the broadcast as it now
// is; a refusal (409: it changed meanwhile) is shown, and the page asks for it again.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Broadcast } from "../api/types";
import { useI18n } from "../i18n";
import { changeBroadcast, type BroadcastAction } from "../queries/broadcasts";
import { keys } from "../queries/keys";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { showToast } from "../ui/toast";
import { useAction } from "../ui/useAction";
import { actionsOf } from "./broadcastView";

const DONE = { pause: "broadcasts.paused", resume: "broadcasts.resumed", cancel: "broadcasts.cancelled" } as const;

export function BroadcastActions({ view }: { view: Broadcast }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { busy, error, run } = useAction();
  const [confirming, setConfirming] = useState(false);
  const allowed = actionsOf(view.state);

  async function act(action: BroadcastAction) {
    await changeBroadcast(queryClient, view.id, action);
    showToast(t(DONE[action]));
  }

  const press = (action: BroadcastAction) =>
    void run(() => act(action)).then((ok) => {
      if (!ok) void queryClient.invalidateQueries({ queryKey: keys.broadcast(view.id) });
    });

  if (!allowed.pause && !allowed.resume && !allowed.cancel) return null;
  return (
    <div className="broadcast-actions">
      {allowed.pause && (
        <button type="button" className="btn" disabled={busy} onClick={() => press("pause")}>
          {t("broadcasts.pause")}
        </button>
      )}
      {allowed.resume && (
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => press("resume")}>
          {t("broadcasts.resume")}
        </button>
      )}
      {allowed.cancel && (
        <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setConfirming(true)}>
          {t("broadcasts.cancel")}
        </button>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title={t("broadcasts.cancelTitle")}
        question={t("broadcasts.cancelQuestion", { name: view.name })}
        danger
        onClose={() => setConfirming(false)}
        onConfirm={() => act("cancel")}
      />
    </div>
  );
}
