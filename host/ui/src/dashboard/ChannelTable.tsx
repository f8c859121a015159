// "Mensagens por canal": messages received and sent on each channel in the period.
import type { ChannelMessages } from "../api/types";
import { useI18n } from "../i18n";
import { DashboardSection } from "./DashboardSection";
import { formatCount } from "./dashboardView";

export function ChannelTable({ rows }: { rows: ChannelMessages[] }) {
  const { t, lang } = useI18n();
  const title = t("dashboard.messagesByChannel");
  const some = rows.some((r) => r.inbound > 0 || r.outbound > 0);
  return (
    <DashboardSection id="channels" title={title} empty={some ? null : t("dashboard.noChannelMessages")}>
      <div className="admin-table-wrap">
        <table className="admin-table dashboard-table" aria-label={title}>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.channel")}</th>
              <th scope="col" className="dashboard-number">{t("dashboard.inbound")}</th>
              <th scope="col" className="dashboard-number">{t("dashboard.outbound")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.channel.id}>
                <th scope="row">{r.channel.name}</th>
                <td className="dashboard-number">{formatCount(r.inbound, lang)}</td>
                <td className="dashboard-number">{formatCount(r.outbound, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </DashboardSection>
  );
}
