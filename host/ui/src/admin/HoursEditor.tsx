// The weekly hours editor (A4, S9): open intervals per weekday, "HH:MM" in the account's time
// zone, each with its problem shown on it. Shared by "Configurações gerais" (the business hours a
// flow asks about) and "Agenda de atendimentos" (the hours appointments can be booked in); each
// page says what "no interval at all" means for it (always open / nothing bookable) and keeps
// its own save. The checks are businessHours.ts's.
import { useId } from "react";
import { useI18n, type MessageKey } from "../i18n";
import { WEEKDAYS, type HoursDraft, type Interval, type IntervalProblem, type Weekday } from "./businessHours";

const DAY_NAME: Record<Weekday, MessageKey> = {
  monday: "accountSettings.monday",
  tuesday: "accountSettings.tuesday",
  wednesday: "accountSettings.wednesday",
  thursday: "accountSettings.thursday",
  friday: "accountSettings.friday",
  saturday: "accountSettings.saturday",
  sunday: "accountSettings.sunday",
};

const PROBLEM: Record<IntervalProblem, MessageKey> = {
  format: "accountSettings.problem.format",
  order: "accountSettings.problem.order",
  overlap: "accountSettings.problem.overlap",
};

interface Props {
  hours: HoursDraft;
  /** The intervals' problems to show (undefined until a save was tried: they then follow the typing). */
  problems?: Map<Weekday, Map<number, IntervalProblem>>;
  onChange: (hours: HoursDraft) => void;
  /** What having no interval means on this page, shown when there is none. */
  emptyNote?: string;
  /** The hours' own message (the server's, or "fix the marked ones"). */
  error?: string;
}

export function HoursEditor({ hours, problems, onChange, emptyNote, error }: Props) {
  return (
    <>
      {emptyNote && (
        <p className="account-always-open" data-testid="always-open">
          {emptyNote}
        </p>
      )}
      <ul className="hours-days">
        {WEEKDAYS.map((day) => (
          <HoursDay
            key={day}
            day={day}
            intervals={hours[day]}
            problems={problems?.get(day)}
            onChange={(intervals) => onChange({ ...hours, [day]: intervals })}
          />
        ))}
      </ul>
      {error && (
        <p className="error-text" role="alert" data-testid="hours-error">
          {error}
        </p>
      )}
    </>
  );
}

function HoursDay({
  day,
  intervals,
  problems,
  onChange,
}: {
  day: Weekday;
  intervals: Interval[];
  problems?: Map<number, IntervalProblem>;
  onChange: (intervals: Interval[]) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const name = t(DAY_NAME[day]);
  const set = (index: number, change: Partial<Interval>) => onChange(intervals.map((it, i) => (i === index ? { ...it, ...change } : it)));
  return (
    <li className="hours-day" data-testid="hours-day" data-day={day}>
      <span className="hours-day-name" id={`${id}-name`}>
        {name}
      </span>
      <div className="hours-intervals">
        {intervals.length === 0 && <span className="muted">{t("accountSettings.closed")}</span>}
        {intervals.map((interval, index) => {
          const n = String(index + 1);
          const problem = problems?.get(index);
          const errorId = `${id}-${index}-error`;
          const invalid = problem ? { "aria-invalid": true, "aria-describedby": errorId } : {};
          return (
            <div key={index} className={`hours-interval ${problem ? "field-invalid" : ""}`} data-testid="hours-interval">
              <input
                className="hours-time"
                value={interval.from}
                placeholder="HH:MM"
                maxLength={5}
                inputMode="numeric"
                aria-label={t("accountSettings.from", { day: name, n })}
                onChange={(e) => set(index, { from: e.target.value })}
                {...invalid}
              />
              <span aria-hidden="true">–</span>
              <input
                className="hours-time"
                value={interval.to}
                placeholder="HH:MM"
                maxLength={5}
                inputMode="numeric"
                aria-label={t("accountSettings.to", { day: name, n })}
                onChange={(e) => set(index, { to: e.target.value })}
                {...invalid}
              />
              <button
                type="button"
                className="link-button danger"
                aria-label={t("accountSettings.removeInterval", { day: name, n })}
                onClick={() => onChange(intervals.filter((_, i) => i !== index))}
              >
                {t("accountSettings.remove")}
              </button>
              {problem && (
                <p className="field-error" id={errorId} role="alert">
                  {t(PROBLEM[problem])}
                </p>
              )}
            </div>
          );
        })}
      </div>
      <button
        type="button"
        className="link-button"
        aria-label={t("accountSettings.addIntervalOf", { day: name })}
        onClick={() => onChange([...intervals, { from: "", to: "" }])}
      >
        + {t("accountSettings.addInterval")}
      </button>
    </li>
  );
}
