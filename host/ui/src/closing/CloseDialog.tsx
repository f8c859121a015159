// "Encerrar atendimento" (K1–K5): "Tempo de encerramento" empty closes now (K1); minutes
// schedule the close and bring "Caso o usuário responda" (K2); "Mensagem de encerramento"
// comes pre-filled with the user's default from "Meu Perfil" and may be cleared or replaced
// (K3); the account's closing fields, required or optional, with "Excluir valor atual" on an
// empty optional one and the field plugin's messages under the field they name (K5).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { call, http } from "../api/client";
import { ApiError, errorMessage } from "../api/errors";
import type { Conversation, Me } from "../api/types";
import { formatDayTime } from "../format";
import { useI18n } from "../i18n";
import { closingFieldsQuery } from "../queries/reference";
import { meQuery } from "../queries/session";
import { applyActionResult } from "../realtime/cacheSync";
import { realtime } from "../realtime/socket";
import { fieldNamed } from "../settings/fieldErrors";
import { Dialog } from "../ui/Dialog";
import { CheckField, Field } from "../ui/Field";
import { ErrorState, LoadingState } from "../ui/States";
import { showToast } from "../ui/toast";
import { buildClose, closeMinutes, emptyCloseForm, type CloseForm, type CloseProblems, type ClosingField } from "./closeRequest";

interface Props {
  conversation: Conversation;
  onClose: () => void;
}

export function CloseDialog({ conversation: c, onClose }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data as Me;
  const closing = useQuery(closingFieldsQuery);
  const [form, setForm] = useState<CloseForm>(() => emptyCloseForm(me.user.default_closing_message));
  const [problems, setProblems] = useState<CloseProblems>({ fields: {} });
  const [fieldError, setFieldError] = useState<{ key: string; message: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const scheduled = closeMinutes(form.minutes) !== null;
  const setField = (key: string, patch: Partial<{ value: string; clear: boolean }>) =>
    setForm((f) => ({ ...f, fields: { ...f.fields, [key]: { ...(f.fields[key] ?? { value: "", clear: false }), ...patch } } }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!closing.data || sending) return;
    setError(null);
    setFieldError(null);
    const built = buildClose(form, closing.data);
    if ("problems" in built) {
      setProblems(built.problems);
      return;
    }
    setProblems({ fields: {} });
    setSending(true);
    const since = realtime.lastSeq;
    try {
      const updated = await call(http.POST("/api/v1/conversations/{id}/close", { params: { path: { id: c.id } }, body: built.body }));
      applyActionResult(queryClient, updated, me.user, since);
      showToast(updated.scheduled_close ? t("close.scheduled", { when: formatDayTime(updated.scheduled_close.at) }) : t("close.done"));
      onClose();
    } catch (err) {
      const labels = Object.fromEntries(closing.data.map((f) => [f.field.key, f.field.label]));
      const key = err instanceof ApiError && err.status === 422 ? fieldNamed(err.message, labels) : null;
      if (key) setFieldError({ key, message: err instanceof ApiError ? err.message : "" });
      else setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  return (
    <Dialog
      open
      title={t("close.title")}
      onClose={onClose}
      testId="close-dialog"
      dismissOnBackdrop={false}
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form="close-form" className="btn btn-danger" disabled={sending || !closing.data}>
            {t("close.submit")}
          </button>
        </>
      }
    >
      <form id="close-form" className="form-stack" onSubmit={submit} noValidate>
        <Field
          label={t("close.minutes")}
          hint={t("close.minutesHint")}
          error={problems.minutes ? t("close.minutesInvalid") : null}
        >
          <input
            inputMode="numeric"
            value={form.minutes}
            onChange={(e) => setForm((f) => ({ ...f, minutes: e.target.value }))}
            autoComplete="off"
          />
        </Field>
        {scheduled && (
          <fieldset className="radio-group">
            <legend>{t("close.ifWrites")}</legend>
            <label>
              <input
                type="radio"
                name="if-contact-writes"
                checked={form.ifContactWrites === "keep"}
                onChange={() => setForm((f) => ({ ...f, ifContactWrites: "keep" }))}
              />
              {t("close.keep")}
            </label>
            <label>
              <input
                type="radio"
                name="if-contact-writes"
                checked={form.ifContactWrites === "cancel"}
                onChange={() => setForm((f) => ({ ...f, ifContactWrites: "cancel" }))}
              />
              {t("close.cancel")}
            </label>
          </fieldset>
        )}
        <Field label={t("close.message")} hint={me.user.default_closing_message ? t("close.messageHintDefault") : t("close.messageHint")}>
          <textarea rows={3} value={form.message} onChange={(e) => setForm((f) => ({ ...f, message: e.target.value }))} maxLength={4096} />
        </Field>
        {closing.isPending && <LoadingState />}
        {closing.isError && <ErrorState message={errorMessage(closing.error)} onRetry={() => void closing.refetch()} />}
        {closing.data && closing.data.length > 0 && (
          <fieldset className="closing-fields">
            <legend>{t("close.fields")}</legend>
            {closing.data.map((f) => (
              <ClosingFieldInput
                key={f.field.key}
                field={f}
                value={form.fields[f.field.key]?.value ?? ""}
                clear={form.fields[f.field.key]?.clear ?? false}
                onValue={(value) => setField(f.field.key, { value })}
                onClear={(clear) => setField(f.field.key, { clear })}
                error={
                  problems.fields[f.field.key]
                    ? t("close.fieldRequired")
                    : fieldError?.key === f.field.key
                      ? fieldError.message
                      : null
                }
              />
            ))}
          </fieldset>
        )}
        {error && (
          <p className="error-text form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}

interface FieldProps {
  field: ClosingField;
  value: string;
  clear: boolean;
  onValue: (value: string) => void;
  onClear: (clear: boolean) => void;
  error: string | null;
}

/** One closing field, as its kind asks; "Excluir valor atual" under an optional one left blank. */
function ClosingFieldInput({ field: { field, required }, value, clear, onValue, onClear, error }: FieldProps) {
  const { t } = useI18n();
  const label = required ? `${field.label} *` : `${field.label} (${t("close.optional")})`;
  let control;
  switch (field.kind) {
    case "list":
      control = (
        <select value={value} onChange={(e) => onValue(e.target.value)} aria-required={required}>
          <option value="">{t("close.choose")}</option>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    case "boolean":
      control = (
        <select value={value} onChange={(e) => onValue(e.target.value)} aria-required={required}>
          <option value="">{t("close.choose")}</option>
          <option value="Sim">{t("common.yes")}</option>
          <option value="Não">{t("common.no")}</option>
        </select>
      );
      break;
    case "date":
      control = <input type="date" value={value} onChange={(e) => onValue(e.target.value)} aria-required={required} />;
      break;
    default:
      control = (
        <input
          inputMode={field.kind === "number" ? "decimal" : undefined}
          value={value}
          onChange={(e) => onValue(e.target.value)}
          aria-required={required}
        />
      );
  }
  return (
    <div className="closing-field" data-field={field.key}>
      <Field label={label} error={error}>
        {control}
      </Field>
      {!required && !value.trim() && <CheckField label={t("close.clearCurrent")} checked={clear} onChange={onClear} />}
    </div>
  );
}
