// How far a broadcast is (A7, S10): a sentence for its state, the progress bar (recipients sent
// or failed out of all of them) and the totals: Destinatários, Pendentes, Enviadas, Entregues,
// Lidas, Falhas. Before it starts there are no recipients yet: it says when they are chosen.
import type { Broadcast } from "../api/types";
import { formatDayTime } from "../format";
import { useI18n } from "../i18n";
import { ProgressCounts } from "../ui/ProgressCounts";
import { TOTALS, progressOf } from "./broadcastView";

export function BroadcastProgress({ view }: { view: Broadcast }) {
  const { t, lang } = useI18n();
  const n = (v: number) => v.toLocaleString(lang);
  const progress = progressOf(view.state, view.totals);
  const done = view.totals.sent + view.totals.failed;
  return (
    <section className="broadcast-progress" aria-label={t("broadcasts.progress")} data-testid="broadcast-progress" data-state={view.state}>
      <p role="status" className={`broadcast-status broadcast-status-${view.state}`}>
        {view.state === "running" && <span className="spinner" aria-hidden="true" />}
        {view.state === "scheduled" && t("broadcasts.scheduledText", { when: formatDayTime(view.scheduled_at) })}
        {view.state === "running" && t("broadcasts.runningText")}
        {view.state === "paused" && t("broadcasts.pausedText")}
        {view.state === "cancelled" && t("broadcasts.cancelledText")}
        {view.state === "done" && t("broadcasts.doneText")}
      </p>
      <ProgressCounts
        label={t("broadcasts.progress")}
        max={progress.max}
        value={progress.value}
        caption={
          view.started_at == null && view.totals.recipients === 0
            ? t("broadcasts.notStarted")
            : `${t("broadcasts.progressText", { done: n(done), total: n(view.totals.recipients) })} · ${progress.percent}%`
        }
        counts={TOTALS.map(({ key, label }) => ({ key, label: t(label), value: view.totals[key], alert: key === "failed" }))}
        format={n}
        testIdPrefix="broadcast"
        countsLabel={t("broadcasts.totals")}
      />
    </section>
  );
}
