// One recipient of a broadcast (A7, S10): the contact, their phone, the recipient's state, what
// became of the message at the number (entregue, lida …; a status this version does not know is
// shown as the server wrote it), when it was sent and why it failed (the number's error code).
import type { BroadcastRecipient } from "../api/types";
import { formatDayTime } from "../format";
import { useI18n } from "../i18n";
import { RECIPIENT_STATE_LABEL, messageStatusLabel } from "./broadcastView";

export function RecipientRow({ recipient: r }: { recipient: BroadcastRecipient }) {
  const { t } = useI18n();
  const status = messageStatusLabel(r.message_status);
  return (
    <tr data-testid="recipient-row" data-state={r.state}>
      <th scope="row">{r.name || "—"}</th>
      <td className="broadcasts-phone">{r.phone || "—"}</td>
      <td data-col="state" className={r.state === "failed" ? "broadcasts-failed" : undefined}>
        {t(RECIPIENT_STATE_LABEL[r.state])}
      </td>
      <td data-col="status">{status ? t(status) : r.message_status || "—"}</td>
      <td>{r.sent_at != null ? formatDayTime(r.sent_at) : "—"}</td>
      <td data-col="error" className="broadcasts-error">
        {r.error || "—"}
      </td>
    </tr>
  );
}
