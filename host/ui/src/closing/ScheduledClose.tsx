// K2: a scheduled close shows its day and time; clicking it and answering "Sim" calls it off
// (DELETE /conversations/{id}/scheduled-close).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { call, http } from "../api/client";
import type { Conversation, Me } from "../api/types";
import { formatDayTime } from "../format";
import { useI18n } from "../i18n";
import { meQuery } from "../queries/session";
import { applyActionResult } from "../realtime/cacheSync";
import { realtime } from "../realtime/socket";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ClockIcon } from "../ui/icons";
import { showToast } from "../ui/toast";

export function ScheduledClose({ conversation: c }: { conversation: Conversation }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data as Me;
  const [asking, setAsking] = useState(false);
  if (!c.scheduled_close) return null;
  const when = formatDayTime(c.scheduled_close.at);
  const label = t("close.scheduledAt", { when });
  return (
    <>
      <button
        type="button"
        className="tag tag-scheduled-close"
        onClick={() => setAsking(true)}
        title={`${label}. ${t(c.scheduled_close.if_contact_writes === "cancel" ? "close.ifWritesCancel" : "close.ifWritesKeep")}`}
        data-testid="scheduled-close"
      >
        <ClockIcon size={14} /> {label}
      </button>
      <ConfirmDialog
        open={asking}
        title={t("close.cancelTitle")}
        question={t("close.cancelQuestion", { when })}
        onClose={() => setAsking(false)}
        onConfirm={async () => {
          const since = realtime.lastSeq;
          const updated = await call(http.DELETE("/api/v1/conversations/{id}/scheduled-close", { params: { path: { id: c.id } } }));
          applyActionResult(queryClient, updated, me.user, since);
          showToast(t("close.cancelled"));
        }}
      />
    </>
  );
}
