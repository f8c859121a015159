// "Botão de Transmissão" (S5): on, the contact may be included in broadcasts; off, never,
// whatever a broadcast's conditions.
import { useState } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Contact, Conversation } from "../api/types";
import { useI18n } from "../i18n";
import { showToast } from "../ui/toast";
import { useContactUpdate } from "./useContactUpdate";

export function BroadcastSwitch({ conversation, contact }: { conversation: Conversation; contact: Contact }) {
  const { t } = useI18n();
  const update = useContactUpdate(conversation);
  const [busy, setBusy] = useState(false);
  async function toggle() {
    setBusy(true);
    try {
      await update(
        call(http.PATCH("/api/v1/contacts/{id}", { params: { path: { id: contact.id } }, body: { receives_broadcasts: !contact.receives_broadcasts } })),
      );
    } catch (err) {
      showToast(errorMessage(err), "error");
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="settings-section switch-row" data-testid="section-broadcast">
      <span id="broadcast-label" className="switch-label">
        {t("settings.broadcast")}
      </span>
      <button
        type="button"
        role="switch"
        aria-checked={contact.receives_broadcasts}
        aria-labelledby="broadcast-label"
        className={contact.receives_broadcasts ? "switch on" : "switch"}
        onClick={() => void toggle()}
        disabled={busy}
      >
        <span className="switch-knob" aria-hidden="true" />
        <span className="switch-text">{contact.receives_broadcasts ? t("common.yes") : t("common.no")}</span>
      </button>
    </div>
  );
}
