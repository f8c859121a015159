// "Hoje", "7 dias", "30 dias": the dashboard's period as a segmented control. Buttons with
// aria-pressed (as the language switch), so each says whether it is the one shown.
import { useI18n } from "../i18n";
import { PERIODS, type DashboardPeriod } from "./period";

export function PeriodSwitch({ value, onChange }: { value: DashboardPeriod; onChange: (p: DashboardPeriod) => void }) {
  const { t } = useI18n();
  return (
    <div className="segmented" role="group" aria-label={t("dashboard.period")}>
      {PERIODS.map((p) => (
        <button
          key={p.period}
          type="button"
          className={p.period === value ? "segmented-option active" : "segmented-option"}
          aria-pressed={p.period === value}
          onClick={() => onChange(p.period)}
        >
          {t(p.label)}
        </button>
      ))}
    </div>
  );
}
