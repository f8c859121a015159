// "Chatbot e fluxos da conta" (F1): the chatbot switch and the account's initial and closing
// flow (K4), chosen among the published flows and saved together; the keywords and business
// hours the settings also hold are kept as they are.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import type { FlowSummary } from "../api/types";
import { useI18n } from "../i18n";
import { flowSettingsQuery, saveFlowSettings } from "../queries/flows";
import { CheckField, Field } from "../ui/Field";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";

const toId = (value: string) => (value === "" ? null : Number(value));

export function FlowSettingsCard({ flows }: { flows: FlowSummary[] }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const settings = useQuery(flowSettingsQuery);
  const [chatbot, setChatbot] = useState(false);
  const [initial, setInitial] = useState("");
  const [closing, setClosing] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!settings.data) return;
    setChatbot(settings.data.chatbot_enabled);
    setInitial(settings.data.initial_flow_id == null ? "" : String(settings.data.initial_flow_id));
    setClosing(settings.data.closing_flow_id == null ? "" : String(settings.data.closing_flow_id));
  }, [settings.data]);

  const published = flows.filter((f) => f.published_revision != null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!settings.data) return;
    setBusy(true);
    setError(null);
    try {
      await saveFlowSettings(queryClient, settings.data, {
        chatbot_enabled: chatbot,
        initial_flow_id: toId(initial),
        closing_flow_id: toId(closing),
      });
      showToast(t("flowsPage.settings.saved"));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const options = (current: string) => (
    <>
      <option value="">{t("flowsPage.settings.none")}</option>
      {published.map((f) => (
        <option key={f.id} value={String(f.id)}>
          {f.name}
        </option>
      ))}
      {/* A chosen flow that is no longer among the published ones stays visible. */}
      {current !== "" && !published.some((f) => String(f.id) === current) && <option value={current}>#{current}</option>}
    </>
  );

  return (
    <section className="flow-settings" aria-labelledby="flow-settings-title" data-testid="flow-settings">
      <h2 id="flow-settings-title">{t("flowsPage.settings.title")}</h2>
      <QueryStates query={settings} />
      {settings.data && (
        <form className="form-stack" onSubmit={submit}>
          <CheckField label={t("flowsPage.settings.chatbot")} checked={chatbot} onChange={setChatbot} name="chatbot" />
          <p className="field-hint">{t("flowsPage.settings.chatbotHint")}</p>
          <Field label={t("flowsPage.settings.initial")} hint={t("flowsPage.settings.onlyPublished")}>
            <select value={initial} onChange={(e) => setInitial(e.target.value)}>
              {options(initial)}
            </select>
          </Field>
          <Field label={t("flowsPage.settings.closing")} hint={t("flowsPage.settings.closingHint")}>
            <select value={closing} onChange={(e) => setClosing(e.target.value)}>
              {options(closing)}
            </select>
          </Field>
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t("common.save")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
