// "Revisões publicadas": a flow's revisions, newest first, each with who published it, when,
// its note, and its file to export.
import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "../format";
import { useI18n } from "../i18n";
import { revisionsQuery } from "../queries/flows";
import { QueryStates } from "../ui/States";

export function FlowRevisions({ flowId, onExport }: { flowId: number; onExport: (revision: number) => void }) {
  const { t } = useI18n();
  const list = useQuery(revisionsQuery(flowId));
  return (
    <section className="flow-revisions" aria-labelledby={`revisions-${flowId}`}>
      <h3 id={`revisions-${flowId}`}>{t("flowsPage.revisions")}</h3>
      <QueryStates query={list} />
      {list.data?.length === 0 && <p className="muted">{t("flowsPage.revisions.empty")}</p>}
      {list.data && list.data.length > 0 && (
        <ol className="flow-revision-list">
          {list.data.map((r) => (
            <li key={r.revision} data-testid="flow-revision">
              <strong>{t("flowsPage.revision", { n: r.revision })}</strong>
              <span className="muted">
                {" · "}
                <time dateTime={new Date(r.published_at).toISOString()}>{formatDateTime(r.published_at)}</time>
                {r.published_by && ` · ${t("flowsPage.revisions.by", { name: r.published_by.name })}`}
              </span>
              <p className="flow-revision-note">{r.note || <span className="muted">{t("flowsPage.revisions.noNote")}</span>}</p>
              <button type="button" className="link-button" onClick={() => onExport(r.revision)}>
                {t("flowsPage.exportRevision", { n: r.revision })}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
