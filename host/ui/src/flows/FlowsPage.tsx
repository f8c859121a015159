// "Fluxos de Conversa" (/admin/flows, F1): for admins, a new flow created by name and opened on
// the canvas, a flow file uploaded as a new flow or a new draft, the account's flows with their state (rascunho or published revision), each opened
// to edit on the canvas (the visual editor, issue 16), validate, publish, export, delete and see
// its revisions, and the chatbot with the initial and closing flow. Agents see that only admins
// manage flows.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { FlowSummary, Me } from "../api/types";
import { formatDateTime } from "../format";
import { useI18n } from "../i18n";
import { flowsQuery } from "../queries/flows";
import { meQuery } from "../queries/session";
import { PageCard } from "../ui/PageCard";
import { EmptyState, QueryStates } from "../ui/States";
import { FlowDetail } from "./FlowDetail";
import { FlowSettingsCard } from "./FlowSettingsCard";
import { FlowUpload } from "./FlowUpload";
import { NewFlowForm } from "./NewFlowForm";
import type { Issue } from "./issues";

export function FlowsPage() {
  const { t } = useI18n();
  const me = useQuery(meQuery).data as Me;
  if (me.user.role !== "admin") {
    return (
      <PageCard title={t("flowsPage.title")} className="flows-page">
        <EmptyState title={t("flowsPage.adminsOnly")}>
          <p className="muted">{t("flowsPage.adminsOnlyHint")}</p>
        </EmptyState>
      </PageCard>
    );
  }
  return <AdminFlows />;
}

function AdminFlows() {
  const { t } = useI18n();
  const list = useQuery(flowsQuery);
  const [open, setOpen] = useState<number | null>(null);
  const [issues, setIssues] = useState<Record<number, Issue[]>>({});
  const flows = list.data ?? [];
  const remember = (id: number, found: Issue[]) => setIssues((all) => ({ ...all, [id]: found }));

  return (
    <PageCard title={t("flowsPage.title")} className="flows-page">
      <p className="muted">{t("flowsPage.intro")}</p>
      <NewFlowForm />
      <FlowUpload
        flows={flows}
        onUploaded={(id, found) => {
          remember(id, found);
          setOpen(id);
        }}
      />
      <section aria-labelledby="flows-list-title">
        <h2 id="flows-list-title">{t("flowsPage.list")}</h2>
        <QueryStates query={list} empty={t("flowsPage.empty")} />
        <ul className="cards flow-list">
          {flows.map((f) => (
            <FlowRow
              key={f.id}
              flow={f}
              open={open === f.id}
              onToggle={() => setOpen(open === f.id ? null : f.id)}
              issues={issues[f.id]}
              onIssues={(found) => remember(f.id, found)}
            />
          ))}
        </ul>
      </section>
      <FlowSettingsCard flows={flows} />
    </PageCard>
  );
}

interface RowProps {
  flow: FlowSummary;
  open: boolean;
  onToggle: () => void;
  issues: Issue[] | undefined;
  onIssues: (issues: Issue[]) => void;
}

function FlowRow({ flow, open, onToggle, issues, onIssues }: RowProps) {
  const { t } = useI18n();
  const detailId = `flow-detail-${flow.id}`;
  const published = flow.published_revision != null;
  return (
    <li className="card-item flow-row" data-testid="flow-row" data-flow-id={flow.id}>
      <div className="card-item-head">
        <h3 className="flow-name">{flow.name}</h3>
        <span className={published ? "flow-state flow-state-published" : "flow-state flow-state-draft"}>
          {published ? `${t("flowsPage.published")} · ${t("flowsPage.revision", { n: flow.published_revision! })}` : t("flowsPage.draft")}
        </span>
      </div>
      <p className="muted flow-updated">
        {t("flowsPage.updated", { when: formatDateTime(flow.updated_at) })}
        {!published && ` · ${t("flowsPage.neverPublished")}`}
      </p>
      <div className="card-item-actions">
        <button type="button" className="link-button" aria-expanded={open} aria-controls={detailId} onClick={onToggle}>
          {open ? t("flowsPage.hide") : t("flowsPage.open")}
        </button>
      </div>
      {open && (
        <div id={detailId}>
          <FlowDetail flow={flow} issues={issues} onIssues={onIssues} />
        </div>
      )}
    </li>
  );
}
