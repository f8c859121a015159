// "Criar fluxo": a new flow named here and opened on the canvas at once, to be drawn from its
// end (issue 16: an admin builds a flow from an empty canvas without writing a file).
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { createFlow } from "../queries/flows";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { newFlowDocument } from "./newFlow";

export function NewFlowForm() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const document = newFlowDocument(name);
    if (!document) {
      setError(t("flowsPage.new.nameRequired"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = await createFlow(queryClient, document);
      showToast(t("flowsPage.upload.created", { name: saved.flow.name }));
      await navigate({ to: "/admin/flows/$id/editor", params: { id: saved.flow.id } });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-stack flow-new" onSubmit={submit} aria-label={t("flowsPage.new.title")} data-testid="flow-new">
      <h2>{t("flowsPage.new.title")}</h2>
      <Field label={t("flowsPage.new.name")} hint={t("flowsPage.new.hint")} error={error}>
        <input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t("flowsPage.new.creating") : t("flowsPage.new.submit")}
        </button>
      </div>
    </form>
  );
}
