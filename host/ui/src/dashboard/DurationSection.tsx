// "Tempo de primeira resposta" and "Tempo de atendimento": the overall median and p90 with the
// number of services, then one table per agent and one per department (count, mediana, p90;
// "—" where the server has no figure). A row without an agent or department is named so.
import type { DashboardDurations, DurationBy } from "../api/types";
import { useI18n, type MessageKey } from "../i18n";
import { DashboardSection } from "./DashboardSection";
import { formatCount, formatDuration } from "./dashboardView";

interface Props {
  id: string;
  title: string;
  text: string;
  durations: DashboardDurations;
}

export function DurationSection({ id, title, text, durations }: Props) {
  const { t, lang } = useI18n();
  const { overall } = durations;
  const cases = overall.count === 1 ? t("dashboard.cases.one") : t("dashboard.cases.many", { n: formatCount(overall.count, lang) });
  return (
    <DashboardSection id={id} title={title} text={text} empty={overall.count === 0 ? t("dashboard.noDurations") : null}>
      <p className="dashboard-overall" data-testid={`${id}-overall`}>
        {t("dashboard.overall", { median: formatDuration(overall.median_ms), p90: formatDuration(overall.p90_ms), count: cases })}
      </p>
      <DurationTable label={`${title} · ${t("dashboard.byAgent")}`} who="dashboard.agent" none="dashboard.noAgent" rows={durations.by_agent} testId={`${id}-agents`} />
      <DurationTable
        label={`${title} · ${t("dashboard.byDepartment")}`}
        who="dashboard.department"
        none="dashboard.noDepartment"
        rows={durations.by_department}
        testId={`${id}-departments`}
      />
    </DashboardSection>
  );
}

function DurationTable({ label, who, none, rows, testId }: { label: string; who: MessageKey; none: MessageKey; rows: DurationBy[]; testId: string }) {
  const { t, lang } = useI18n();
  if (rows.length === 0) return null;
  return (
    <div className="admin-table-wrap">
      <table className="admin-table dashboard-table" aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t(who)}</th>
            <th scope="col" className="dashboard-number">{t("dashboard.count")}</th>
            <th scope="col" className="dashboard-number">{t("dashboard.median")}</th>
            <th scope="col" className="dashboard-number">{t("dashboard.p90")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.who?.id ?? "none"}>
              <th scope="row" className={r.who ? undefined : "muted"}>{r.who?.name ?? t(none)}</th>
              <td className="dashboard-number">{formatCount(r.stat.count, lang)}</td>
              <td className="dashboard-number">{formatDuration(r.stat.median_ms)}</td>
              <td className="dashboard-number">{formatDuration(r.stat.p90_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
