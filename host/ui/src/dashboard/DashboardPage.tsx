// The "Painel" (/admin/dashboard, admins only): the account's figures for today, the last 7 or
// the last 30 days, in its time zone. The period is in the URL (?period=7d), so a reload or a
// shared link shows the same. Number cards first (what an admin looks at every few minutes), the
// day charts, then the tables: response and service times per agent and department, messages per
// channel, campaigns and the queue per department. Asked again every 30 s while the page is shown.
// Agents are told it is for admins only (AdminPage), and never ask the server (it says 403).
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { AdminPage } from "../admin/AdminPage";
import { useI18n } from "../i18n";
import { dashboardQuery } from "../queries/dashboard";
import { QueryStates } from "../ui/States";
import { CampaignTable } from "./CampaignTable";
import { ChannelTable } from "./ChannelTable";
import { DayCharts } from "./DayCharts";
import { DurationSection } from "./DurationSection";
import { FigureCards } from "./FigureCards";
import { PeriodSwitch } from "./PeriodSwitch";
import { QueueTable } from "./QueueTable";
import { periodRange } from "./dashboardView";
import type { DashboardPeriod } from "./period";
import "../styles/dashboard.css";

const route = getRouteApi("/signed-in/admin/dashboard");

export function DashboardPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.dashboard")} className="admin-wide dashboard-page">
      <Dashboard />
    </AdminPage>
  );
}

function Dashboard() {
  const { t, lang } = useI18n();
  const period = route.useSearch().period ?? "today";
  const navigate = route.useNavigate();
  const query = useQuery(dashboardQuery(period));
  const view = query.data;
  // Another period's figures stay on screen while this one loads; they are marked busy.
  const current = view?.period === period;
  const choose = (next: DashboardPeriod) => void navigate({ search: next === "today" ? {} : { period: next }, replace: true });

  return (
    <>
      <div className="dashboard-toolbar">
        <PeriodSwitch value={period} onChange={choose} />
        {view && (
          <p className="muted dashboard-range" data-testid="dashboard-range">
            {t("dashboard.range", { range: periodRange(view.days, lang), timezone: view.timezone })}
          </p>
        )}
      </div>
      {!view && <QueryStates query={query} />}
      {view && (
        <div className="dashboard-body" aria-busy={!current} data-testid="dashboard" data-period={current ? period : ""}>
          <FigureCards view={view} />
          <DayCharts days={view.days} />
          <div className="dashboard-grid">
            <DurationSection id="first-response" title={t("dashboard.firstResponse")} text={t("dashboard.firstResponseText")} durations={view.first_response} />
            <DurationSection id="service-time" title={t("dashboard.serviceTime")} text={t("dashboard.serviceTimeText")} durations={view.service_time} />
            <ChannelTable rows={view.messages_by_channel} />
            <QueueTable waiting={view.waiting} />
            <CampaignTable rows={view.campaigns} />
          </div>
        </div>
      )}
    </>
  );
}
