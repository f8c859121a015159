// "Agendar nova mensagem" (S7): "Mensagem template" with its parameters and preview, "Data"
// (day and time), and "Abrir atendimento?"; when yes, "Encaminhar para agente" and
// "Encaminhar para departamento", both optional (neither opens it without either).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { ScheduledMessage } from "../api/types";
import { useI18n } from "../i18n";
import { keys } from "../queries/keys";
import { departmentsQuery, templatesQuery, usersQuery } from "../queries/reference";
import { TemplateParamInputs, TemplatePreview, useTemplateValues } from "../templates/TemplateFields";
import { Dialog } from "../ui/Dialog";
import { CheckField, Field } from "../ui/Field";

interface Props {
  conversationId: number;
  channelId: number;
  onClose: () => void;
}

export function ScheduleMessageDialog({ conversationId, channelId, onClose }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const templates = useQuery(templatesQuery(channelId));
  const users = useQuery(usersQuery);
  const departments = useQuery(departmentsQuery);
  const [templateId, setTemplateId] = useState<number | null>(null);
  const template = templates.data?.find((x) => x.id === templateId) ?? null;
  const values = useTemplateValues(template);
  const [when, setWhen] = useState("");
  const [openService, setOpenService] = useState(false);
  const [agentId, setAgentId] = useState<number | null>(null);
  const [departmentId, setDepartmentId] = useState<number | null>(null);
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const sendAt = when ? new Date(when).getTime() : NaN;
  const whenError = touched && (!when || Number.isNaN(sendAt)) ? t("schedule.whenRequired") : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!template || !values.ready || Number.isNaN(sendAt)) return;
    setSaving(true);
    setError(null);
    try {
      const created = await call(
        http.POST("/api/v1/conversations/{id}/scheduled-messages", {
          params: { path: { id: conversationId } },
          body: {
            template_id: template.id,
            send_at: sendAt,
            positional: values.body.positional,
            named: values.body.named,
            open_service: openService,
            agent_id: openService ? agentId : null,
            department_id: openService ? departmentId : null,
          },
        }),
      );
      queryClient.setQueryData(keys.scheduledMessages(conversationId), (items: ScheduledMessage[] | undefined) =>
        [...(items ?? []), created].sort((a, b) => a.send_at - b.send_at),
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
      title={t("schedule.add")}
      onClose={onClose}
      size="wide"
      testId="schedule-dialog"
      dismissOnBackdrop={false}
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form="schedule-form" className="btn btn-primary" disabled={saving}>
            {t("schedule.submit")}
          </button>
        </>
      }
    >
      <form id="schedule-form" className="new-chat-form" onSubmit={submit} noValidate>
        <div className="new-chat-fields">
          <Field label={t("newChat.template")} error={touched && !template ? t("newChat.templateRequired") : null}>
            <select value={templateId ?? ""} onChange={(e) => setTemplateId(e.target.value ? Number(e.target.value) : null)}>
              <option value="">{templates.data?.length === 0 ? t("newChat.noTemplates") : t("newChat.chooseTemplate")}</option>
              {templates.data?.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name} · {x.category_label}
                </option>
              ))}
            </select>
          </Field>
          <TemplateParamInputs values={values} touched={touched} />
          <Field label={t("schedule.when")} error={whenError}>
            <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
          </Field>
          <CheckField label={t("schedule.openService")} checked={openService} onChange={setOpenService} />
          {openService && (
            <>
              <Field label={t("settings.forwardAgent")}>
                <select value={agentId ?? ""} onChange={(e) => setAgentId(e.target.value ? Number(e.target.value) : null)}>
                  <option value="">{t("settings.nobody")}</option>
                  {users.data
                    ?.filter((u) => u.active)
                    .map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.name}
                      </option>
                    ))}
                </select>
              </Field>
              <Field label={t("settings.forwardDepartment")}>
                <select value={departmentId ?? ""} onChange={(e) => setDepartmentId(e.target.value ? Number(e.target.value) : null)}>
                  <option value="">{t("settings.none")}</option>
                  {departments.data?.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </Field>
            </>
          )}
        </div>
        <TemplatePreview template={template} values={values} />
        {error && (
          <p className="error-text form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
