// "Importar contatos" (/admin/contacts/import, A6): the steps of a CSV import on one page: the
// file (ImportUpload), the columns' fields and what to do with repeated phones (ImportMapping),
// then the progress and the summary (ImportProgress), with the earlier imports below
// (ImportHistory). The import being followed is in the URL (?import=ID): a reload keeps it.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { useEffect, useRef } from "react";
import { AdminPage } from "../admin/AdminPage";
import { useI18n } from "../i18n";
import { contactImportQuery, importFinished } from "../queries/contacts";
import { QueryStates } from "../ui/States";
import { ImportHistory } from "./ImportHistory";
import { ImportMapping } from "./ImportMapping";
import { ImportProgress } from "./ImportProgress";
import { ImportUpload } from "./ImportUpload";
import { isRunning } from "./importMapping";
import "../styles/contacts.css";

const route = getRouteApi("/signed-in/admin/contacts/import");

export function ContactImportPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.contactImport")} className="admin-wide contacts-page" backToAdmin={false}>
      <ContactImport />
    </AdminPage>
  );
}

function ContactImport() {
  const { t } = useI18n();
  const { import: current } = route.useSearch();
  const navigate = useNavigate();
  const open = (id: number | null) => void navigate({ to: "/admin/contacts/import", search: id === null ? {} : { import: id } });

  return (
    <>
      <Link to="/admin/contacts" className="admin-back link-button">
        ← {t("admin.contacts")}
      </Link>
      {current === undefined ? (
        <ImportUpload onUploaded={(view) => open(view.id)} />
      ) : (
        <>
          <FollowedImport id={current} />
          <div className="form-actions import-new">
            <button type="button" className="btn" onClick={() => open(null)}>
              {t("contactImport.new")}
            </button>
          </div>
        </>
      )}
      <ImportHistory current={current ?? null} />
    </>
  );
}

/** The import of the URL: its mapping while uploaded, else its progress or summary. */
function FollowedImport({ id }: { id: number }) {
  const queryClient = useQueryClient();
  const query = useQuery(contactImportQuery(id));
  const view = query.data;
  // Once a running import ends, the contacts and the earlier imports are asked again.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (!view) return;
    if (wasRunning.current && !isRunning(view)) importFinished(queryClient, view);
    wasRunning.current = isRunning(view);
  }, [view, queryClient]);

  if (!view) return <QueryStates query={query} />;
  return view.state === "uploaded" ? <ImportMapping key={view.id} view={view} /> : <ImportProgress view={view} />;
}
