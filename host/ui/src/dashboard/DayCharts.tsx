// The day charts: messages received and sent per day, services opened and closed per day, as
// bar charts (people would rather look than read here). Each has its text alternative: a
// sentence with the period's totals and a visually hidden table of every day, for screen
// readers; the drawing itself is hidden from them. A period with nothing says so in words.
import type { Dashboard } from "../api/types";
import { useI18n, type MessageKey } from "../i18n";
import { EmptyState } from "../ui/States";
import { DayBarChart } from "./DayBarChart";
import { chartDays, formatCount, hasAny, type ChartDay } from "./dashboardView";

type Series = "inbound" | "outbound" | "opened" | "closed";

interface Chart {
  id: string;
  title: MessageKey;
  empty: MessageKey;
  series: [{ key: Series; label: MessageKey; colour: string }, { key: Series; label: MessageKey; colour: string }];
}

// The theme's teal for what comes in / opens, a blue for what goes out / closes: apart for
// colour-blind eyes too, and the legend and the table name them anyway.
const CHARTS: Chart[] = [
  {
    id: "messages",
    title: "dashboard.messagesPerDay",
    empty: "dashboard.noMessages",
    series: [
      { key: "inbound", label: "dashboard.inbound", colour: "#0f766e" },
      { key: "outbound", label: "dashboard.outbound", colour: "#5b8def" },
    ],
  },
  {
    id: "services",
    title: "dashboard.servicesPerDay",
    empty: "dashboard.noServices",
    series: [
      { key: "opened", label: "dashboard.opened", colour: "#0f766e" },
      { key: "closed", label: "dashboard.closed", colour: "#5b8def" },
    ],
  },
];

export function DayCharts({ days }: { days: Dashboard["days"] }) {
  const { lang } = useI18n();
  const rows = chartDays(days, lang);
  return (
    <div className="dashboard-charts">
      {CHARTS.map((c) => (
        <DayChart key={c.id} chart={c} rows={rows} />
      ))}
    </div>
  );
}

function DayChart({ chart, rows }: { chart: Chart; rows: ChartDay[] }) {
  const { t, lang } = useI18n();
  const [a, b] = chart.series;
  const total = (key: Series) => formatCount(rows.reduce((sum, r) => sum + r[key], 0), lang);
  const title = t(chart.title);
  const headingId = `dashboard-chart-${chart.id}`;
  return (
    <section className="dashboard-section dashboard-chart" aria-labelledby={headingId} data-testid={`chart-${chart.id}`}>
      <h2 id={headingId}>{title}</h2>
      {hasAny(rows, a.key, b.key) ? (
        <>
          <p className="muted dashboard-chart-summary">
            {t("dashboard.chartSummary", { a: t(a.label), aTotal: total(a.key), b: t(b.label), bTotal: total(b.key) })}
          </p>
          <div className="dashboard-chart-plot" aria-hidden="true">
            <DayBarChart rows={rows} series={chart.series.map((s) => ({ key: s.key, name: t(s.label), colour: s.colour }))} />
          </div>
          <table className="sr-only">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.day")}</th>
                <th scope="col">{t(a.label)}</th>
                <th scope="col">{t(b.label)}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.day}>
                  <th scope="row">{r.label}</th>
                  <td>{formatCount(r[a.key], lang)}</td>
                  <td>{formatCount(r[b.key], lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <EmptyState title={t(chart.empty)} />
      )}
    </section>
  );
}
