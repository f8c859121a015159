// "Fila por departamento": the chats nobody has taken yet, now (not over the period), per
// department; those in no department are named so.
import type { Waiting } from "../api/types";
import { useI18n } from "../i18n";
import { DashboardSection } from "./DashboardSection";
import { formatCount } from "./dashboardView";

export function QueueTable({ waiting }: { waiting: Waiting }) {
  const { t, lang } = useI18n();
  const title = t("dashboard.queue");
  const rows = waiting.by_department.filter((r) => r.count > 0);
  return (
    <DashboardSection id="queue" title={title} empty={rows.length === 0 ? t("dashboard.noQueue") : null}>
      <div className="admin-table-wrap">
        <table className="admin-table dashboard-table" aria-label={title}>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.department")}</th>
              <th scope="col" className="dashboard-number">{t("dashboard.waiting")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.department?.id ?? "none"}>
                <th scope="row" className={r.department ? undefined : "muted"}>{r.department?.name ?? t("dashboard.noDepartment")}</th>
                <td className="dashboard-number">{formatCount(r.count, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </DashboardSection>
  );
}
