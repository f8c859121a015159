// "Novo template no simulador" (C7): a template typed by hand on a simulator channel (name,
// category, language, body with {{1}} placeholders), approved at once so the composer and the
// flows can try templates without Meta; the server's refusal is shown under the form.
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import type { Channel } from "../queries/channels";
import { createTemplate } from "../queries/templates";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { newTemplateBody } from "./templateView";

export function TemplateForm({ simulators }: { simulators: Channel[] }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [channelId, setChannelId] = useState<number | null>(null);
  const [name, setName] = useState("");
  const [category, setCategory] = useState("utility");
  const [language, setLanguage] = useState("pt_BR");
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (simulators.length === 0) return <p className="muted">{t("templatesAdmin.noSimulator")}</p>;
  const channel = channelId ?? simulators[0].id;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await createTemplate(queryClient, channel, newTemplateBody(name, category, language, body));
      setName("");
      setBody("");
      showToast(t("templatesAdmin.added"));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-field-form" onSubmit={submit} aria-label={t("templatesAdmin.new")} data-testid="template-create">
      <h3>{t("templatesAdmin.new")}</h3>
      <div className="admin-field-form-row">
        <Field label={t("templatesAdmin.channel")}>
          <select value={channel} onChange={(e) => setChannelId(Number(e.target.value))}>
            {simulators.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("templatesAdmin.name")} hint={t("templatesAdmin.nameHint")}>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={512} pattern="[a-z0-9_]+" spellCheck={false} />
        </Field>
        <Field label={t("templatesAdmin.category")}>
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="utility">{t("templatesAdmin.category.utility")}</option>
            <option value="marketing">{t("templatesAdmin.category.marketing")}</option>
          </select>
        </Field>
        <Field label={t("templatesAdmin.language")}>
          <input value={language} onChange={(e) => setLanguage(e.target.value)} required maxLength={15} spellCheck={false} />
        </Field>
      </div>
      <Field label={t("templatesAdmin.body")} hint={t("templatesAdmin.bodyHint")}>
        <textarea value={body} onChange={(e) => setBody(e.target.value)} required rows={3} maxLength={1024} />
      </Field>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t("templatesAdmin.add")}
        </button>
      </div>
    </form>
  );
}
