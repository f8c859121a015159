// "Templates" (/admin/templates, C7, C14, A4): every template of the account, filtered by
// channel, category and status (the API's APPROVED / PENDING / REJECTED …), each with its
// preview; "Sincronizar com a Meta" per WhatsApp number (its report, or Meta's refusal, in a
// status line); and a template added by hand to a simulator channel.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import type { Channel } from "../queries/channels";
import { channelsQuery } from "../queries/reference";
import { allTemplatesQuery, syncTemplates } from "../queries/templates";
import { ChannelIcon } from "../ui/ChannelIcon";
import { Field } from "../ui/Field";
import { QueryStates } from "../ui/States";
import { AdminPage } from "./AdminPage";
import { TemplateForm } from "./TemplateForm";
import { TemplatePreview } from "./TemplatePreview";
import { filterTemplates, statusesOf } from "./templateView";

export function TemplatesPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.templates")} className="admin-wide">
      <Templates />
    </AdminPage>
  );
}

function Templates() {
  const { t } = useI18n();
  const list = useQuery(allTemplatesQuery);
  const channels = useQuery(channelsQuery);
  const [channelId, setChannelId] = useState<number | null>(null);
  const [category, setCategory] = useState("");
  const [status, setStatus] = useState("");
  const channelName = new Map((channels.data ?? []).map((c) => [c.id, c]));
  const shown = filterTemplates(list.data ?? [], { channelId, category, status });
  const whatsapp = (channels.data ?? []).filter((c) => c.kind === "whatsapp");
  const simulators = (channels.data ?? []).filter((c) => c.kind === "simulator");

  return (
    <>
      <p className="muted">{t("templatesAdmin.intro")}</p>
      {whatsapp.length > 0 && (
        <h3>{t("templatesAdmin.sync")}</h3>
      )}
      {whatsapp.length > 0 && (
        <ul className="admin-sync-list" aria-label={t("templatesAdmin.sync")}>
          {whatsapp.map((c) => (
            <SyncButton key={c.id} channel={c} />
          ))}
        </ul>
      )}
      <div className="admin-toolbar admin-template-filters">
        <Field label={t("templatesAdmin.channel")}>
          <select value={channelId ?? ""} onChange={(e) => setChannelId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">{t("templatesAdmin.all")}</option>
            {(channels.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("templatesAdmin.category")}>
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t("templatesAdmin.all")}</option>
            <option value="utility">{t("templatesAdmin.category.utility")}</option>
            <option value="marketing">{t("templatesAdmin.category.marketing")}</option>
            <option value="authentication">{t("templatesAdmin.category.authentication")}</option>
          </select>
        </Field>
        <Field label={t("templatesAdmin.status")}>
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t("templatesAdmin.all")}</option>
            {statusesOf(list.data ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <QueryStates query={list} empty={t("templatesAdmin.empty")} />
      {list.data && list.data.length > 0 && shown.length === 0 && <p className="muted">{t("templatesAdmin.noneMatch")}</p>}
      <ul className="cards admin-templates" aria-label={t("admin.templates")}>
        {shown.map((tpl) => {
          const channel = channelName.get(tpl.channel_id);
          return (
            <li key={tpl.id} className="card-item" data-testid="template">
              <div className="admin-template-head">
                <span className="admin-item-name">{tpl.name}</span>
                <span className="admin-badge">{tpl.category_label}</span>
                <span className={`admin-badge admin-status admin-status-${tpl.status.toLowerCase()}`} data-testid="template-status">
                  {tpl.status}
                </span>
                {tpl.deleted_at ? <span className="admin-badge">{t("templatesAdmin.deleted")}</span> : null}
                <span className="muted">{tpl.language}</span>
                {channel && (
                  <span className="muted admin-channel-name">
                    <ChannelIcon kind={channel.kind} /> {channel.name}
                  </span>
                )}
              </div>
              <TemplatePreview template={tpl} />
            </li>
          );
        })}
      </ul>
      <TemplateForm simulators={simulators} />
    </>
  );
}

function SyncButton({ channel }: { channel: Channel }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function sync() {
    setBusy(true);
    setResult(null);
    try {
      const report = await syncTemplates(queryClient, channel.id);
      setResult({ ok: true, text: t("templatesAdmin.synced", { name: channel.name, synced: report.synced, deleted: report.deleted }) });
    } catch (err) {
      setResult({ ok: false, text: t("templatesAdmin.syncFailed", { name: channel.name, message: errorMessage(err) }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="admin-sync">
      <button type="button" className="btn btn-ghost" onClick={() => void sync()} disabled={busy}>
        <span aria-hidden="true">
          <ChannelIcon kind={channel.kind} />
        </span>{" "}
        {t("templatesAdmin.syncOf", { name: channel.name })}
      </button>
      <span role="status" className={result && !result.ok ? "error-text" : "muted"} data-testid="sync-result">
        {result?.text ?? ""}
      </span>
    </li>
  );
}
