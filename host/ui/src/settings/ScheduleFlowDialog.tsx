// "Agendar novo fluxo" (S8): one of the account's published flows, and the day and time it
// starts for the contact (within a year).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { ScheduledFlow } from "../api/types";
import { useI18n } from "../i18n";
import { keys } from "../queries/keys";
import { flowsQuery } from "../queries/reference";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";

export function ScheduleFlowDialog({ conversationId, onClose }: { conversationId: number; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const flows = useQuery(flowsQuery);
  const published = (flows.data ?? []).filter((f) => f.published_revision != null);
  const [flowId, setFlowId] = useState("");
  const [when, setWhen] = useState("");
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const runAt = when ? new Date(when).getTime() : NaN;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!flowId || Number.isNaN(runAt)) return;
    setSaving(true);
    setError(null);
    try {
      const init = { params: { path: { id: conversationId } }, body: { flow_id: Number(flowId), run_at: runAt } };
      const created = await call(http.POST("/api/v1/conversations/{id}/scheduled-flows", init));
      queryClient.setQueryData(keys.scheduledFlows(conversationId), (items: ScheduledFlow[] | undefined) =>
        [...(items ?? []), created].sort((a, b) => a.run_at - b.run_at),
      );
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog
      open
      title={t("scheduledFlows.add")}
      onClose={onClose}
      testId="schedule-flow-dialog"
      dismissOnBackdrop={false}
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form="schedule-flow-form" className="btn btn-primary" disabled={saving}>
            {t("schedule.submit")}
          </button>
        </>
      }
    >
      <form id="schedule-flow-form" className="form-stack" onSubmit={submit} noValidate>
        <Field label={t("scheduledFlows.flow")} error={touched && !flowId ? t("scheduledFlows.flowRequired") : null}>
          <select value={flowId} onChange={(e) => setFlowId(e.target.value)}>
            <option value="">{published.length ? t("forward.chooseFlow") : t("forward.noFlows")}</option>
            {published.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("schedule.when")} error={touched && Number.isNaN(runAt) ? t("schedule.whenRequired") : null}>
          <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
        </Field>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
