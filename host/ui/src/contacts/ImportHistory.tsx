// "Importações anteriores" (A6): the account's CSV imports, newest first, each with its file,
// date, state and counters and the report of its rejected rows; a file's name opens that
// import above (the URL keeps it: ?import=ID).
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { formatDayTime } from "../format";
import { useI18n, type MessageKey } from "../i18n";
import type { ImportState } from "../api/types";
import { contactImportsQuery, rejectionsUrl } from "../queries/contacts";
import { QueryStates } from "../ui/States";

export const STATE_LABEL: Record<ImportState, MessageKey> = {
  uploaded: "contactImport.state.uploaded",
  running: "contactImport.state.running",
  done: "contactImport.state.done",
  failed: "contactImport.state.failed",
};

export function ImportHistory({ current }: { current: number | null }) {
  const { t, lang } = useI18n();
  const list = useQuery(contactImportsQuery);
  const n = (v: number) => v.toLocaleString(lang);
  return (
    <section className="admin-section import-history">
      <h2>{t("contactImport.history")}</h2>
      <QueryStates query={list} empty={t("contactImport.historyEmpty")} />
      {!!list.data?.length && (
        <div className="admin-table-wrap">
          <table className="admin-table" aria-label={t("contactImport.history")}>
            <thead>
              <tr>
                <th scope="col">{t("contactImport.fileName")}</th>
                <th scope="col">{t("contactImport.date")}</th>
                <th scope="col">{t("contactImport.state")}</th>
                <th scope="col">{t("contactImport.created")}</th>
                <th scope="col">{t("contactImport.merged")}</th>
                <th scope="col">{t("contactImport.skipped")}</th>
                <th scope="col">{t("contactImport.rejected")}</th>
                <th scope="col">
                  <span className="sr-only">{t("contactImport.reportShort")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((i) => (
                <tr
                  key={i.id}
                  data-testid="import-row"
                  className={i.id === current ? "import-current" : undefined}
                  aria-current={i.id === current ? "true" : undefined}
                >
                  <th scope="row" className="admin-item-name">
                    <Link
                      to="/admin/contacts/import"
                      search={{ import: i.id }}
                      className="link-button"
                      aria-label={t("contactImport.open", { name: i.file_name })}
                    >
                      {i.file_name}
                    </Link>
                  </th>
                  <td>{formatDayTime(i.created_at)}</td>
                  <td>{t(STATE_LABEL[i.state])}</td>
                  <td>{n(i.created)}</td>
                  <td>{n(i.merged)}</td>
                  <td>{n(i.skipped)}</td>
                  <td>{n(i.rejected)}</td>
                  <td>
                    {i.rejected > 0 && i.state !== "running" && (
                      <a className="link-button" href={rejectionsUrl(i.id)} download>
                        {t("contactImport.reportShort")}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
