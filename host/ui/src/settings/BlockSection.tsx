// "Bloquear Contato" / "Desbloquear Contato" (S17): blocked at once — nothing is sent to the
// contact or received from them — and unblocked at any time.
import { useState } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Contact, Conversation } from "../api/types";
import { useI18n } from "../i18n";
import { LockIcon } from "../ui/icons";
import { showToast } from "../ui/toast";
import { useContactUpdate } from "./useContactUpdate";

export function BlockButton({ conversation, contact }: { conversation: Conversation; contact: Contact }) {
  const { t } = useI18n();
  const update = useContactUpdate(conversation);
  const [busy, setBusy] = useState(false);
  async function toggle() {
    setBusy(true);
    try {
      const path = { params: { path: { id: contact.id } } };
      const changed = await update(
        contact.blocked ? call(http.POST("/api/v1/contacts/{id}/unblock", path)) : call(http.POST("/api/v1/contacts/{id}/block", path)),
      );
      showToast(changed.blocked ? t("block.blocked") : t("block.unblocked"));
    } catch (err) {
      showToast(errorMessage(err), "error");
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" className={contact.blocked ? "btn" : "btn btn-danger-outline"} onClick={() => void toggle()} disabled={busy}>
      <LockIcon size={16} />
      {contact.blocked ? t("block.unblock") : t("block.block")}
    </button>
  );
}
