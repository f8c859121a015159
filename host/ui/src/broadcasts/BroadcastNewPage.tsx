// "Nova transmissão" (/admin/broadcasts/new, A7): the message (name, channel, approved template,
// its parameters with the contact's variables, the preview), the recipients (the contacts
// filters and the live count), when ("Agora" or "Agendar") and how fast. "Enviar transmissão"
// checks what it can here, then the server; its refusal lands under the field it is about (or
// above the button), and once created the broadcast's page follows its sending.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { errorMessage, isStatus } from "../api/errors";
import { AdminPage } from "../admin/AdminPage";
import { EMPTY_FILTER, type ContactFilter } from "../contacts/contactFilter";
import { useI18n } from "../i18n";
import { createBroadcast } from "../queries/broadcasts";
import { templatesQuery } from "../queries/reference";
import { useTemplateValues } from "../templates/TemplateFields";
import { showToast } from "../ui/toast";
import { BroadcastAudience } from "./BroadcastAudience";
import { BroadcastMessage } from "./BroadcastMessage";
import { BroadcastWhen } from "./BroadcastWhen";
import { EMPTY_DRAFT, broadcastFieldOfMessage, draftErrors, newBroadcastBody, type BroadcastDraft, type DraftField } from "./broadcastDraft";
import "../styles/contacts.css";
import "../styles/broadcasts.css";

export function BroadcastNewPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("broadcastNew.title")} className="admin-wide broadcasts-page" backToAdmin={false}>
      <Link to="/admin/broadcasts" className="admin-back link-button">
        ← {t("admin.broadcasts")}
      </Link>
      <BroadcastForm />
    </AdminPage>
  );
}

function BroadcastForm() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<BroadcastDraft>(EMPTY_DRAFT);
  const [filter, setFilter] = useState<ContactFilter>(EMPTY_FILTER);
  const templates = useQuery({ ...templatesQuery(draft.channelId ?? 0), enabled: draft.channelId !== null });
  const template = templates.data?.find((x) => x.id === draft.templateId) ?? null;
  const values = useTemplateValues(template);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<DraftField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  // What is missing is said once "Enviar" was pressed, not while the form is being filled.
  const local = touched ? draftErrors(draft, Date.now()) : {};
  const errorOf = (field: DraftField) => serverErrors[field] ?? (local[field] ? t(local[field]) : null);

  function change(patch: Partial<BroadcastDraft>) {
    setDraft((d) => ({ ...d, ...patch }));
    // A refusal is about what was sent: changing its field clears it.
    const fields: DraftField[] = [];
    if ("name" in patch) fields.push("name");
    if ("channelId" in patch) fields.push("channel", "template");
    if ("templateId" in patch) fields.push("template");
    if ("at" in patch || "when" in patch) fields.push("at");
    if ("rate" in patch) fields.push("rate");
    setServerErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k as DraftField))));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    setFormError(null);
    if (Object.keys(draftErrors(draft, Date.now())).length > 0 || !values.ready || busy) return;
    setBusy(true);
    try {
      const created = await createBroadcast(queryClient, newBroadcastBody(draft, values.body, filter));
      showToast(t("broadcastNew.created", { name: created.name }));
      void navigate({ to: "/admin/broadcasts/$id", params: { id: created.id } });
    } catch (err) {
      const message = errorMessage(err);
      const field = isStatus(err, 422) ? broadcastFieldOfMessage(message) : null;
      if (field) setServerErrors({ [field]: message });
      else setFormError(message);
      setBusy(false);
    }
  }

  return (
    <form className="broadcast-form" onSubmit={submit} noValidate data-testid="broadcast-form">
      <BroadcastMessage
        draft={draft}
        onChange={change}
        template={template}
        values={values}
        touched={touched}
        errors={{ name: errorOf("name"), channel: errorOf("channel"), template: errorOf("template") }}
      />
      <BroadcastAudience channelId={draft.channelId} filter={filter} onChange={setFilter} />
      <BroadcastWhen draft={draft} onChange={change} atError={errorOf("at")} rateError={errorOf("rate")} />
      {formError && (
        <p className="error-text form-error" role="alert">
          {formError}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t("broadcastNew.sending") : t("broadcastNew.submit")}
        </button>
      </div>
    </form>
  );
}
