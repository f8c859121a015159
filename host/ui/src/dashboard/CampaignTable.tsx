// "Campanhas" (S10): for each ad campaign contacts came from, how many of them were served in
// the period and how many services they opened.
import type { CampaignFigures } from "../api/types";
import { useI18n } from "../i18n";
import { DashboardSection } from "./DashboardSection";
import { formatCount } from "./dashboardView";

export function CampaignTable({ rows }: { rows: CampaignFigures[] }) {
  const { t, lang } = useI18n();
  const title = t("dashboard.campaigns");
  return (
    <DashboardSection id="campaigns" title={title} empty={rows.length === 0 ? t("dashboard.noCampaigns") : null}>
      <div className="admin-table-wrap">
        <table className="admin-table dashboard-table" aria-label={title}>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.campaign")}</th>
              <th scope="col" className="dashboard-number">{t("dashboard.contacts")}</th>
              <th scope="col" className="dashboard-number">{t("dashboard.services")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.campaign}>
                <th scope="row">{r.campaign}</th>
                <td className="dashboard-number">{formatCount(r.contacts, lang)}</td>
                <td className="dashboard-number">{formatCount(r.services_opened, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </DashboardSection>
  );
}
