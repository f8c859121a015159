// What a broadcast is (A7): its state, channel, template with the values given to its parameters,
// the time it is due, who created it and when, when it started and ended, and its pace.
import type { ReactNode } from "react";
import type { Broadcast } from "../api/types";
import { formatDayTime } from "../format";
import { useI18n } from "../i18n";
import { BroadcastStateBadge } from "./BroadcastStateBadge";
import { valuesOf } from "./broadcastView";

export function BroadcastSummary({ view }: { view: Broadcast }) {
  const { t, lang } = useI18n();
  const values = valuesOf(view.values);
  const rows: [string, ReactNode][] = [
    [t("broadcasts.state"), <BroadcastStateBadge state={view.state} />],
    [t("broadcasts.channel"), view.channel.name],
    [t("broadcasts.template"), view.template.name],
    ...(values.length > 0 ? ([[t("broadcasts.values"), values.join(" · ")]] as [string, ReactNode][]) : []),
    [t("broadcasts.scheduledAt"), formatDayTime(view.scheduled_at)],
    [t("broadcasts.createdBy"), view.created_by?.name ?? "—"],
    [t("broadcasts.createdAt"), formatDayTime(view.created_at)],
    ...(view.started_at != null ? ([[t("broadcasts.startedAt"), formatDayTime(view.started_at)]] as [string, ReactNode][]) : []),
    ...(view.finished_at != null ? ([[t("broadcasts.finishedAt"), formatDayTime(view.finished_at)]] as [string, ReactNode][]) : []),
    [t("broadcasts.rate"), t("broadcasts.rateValue", { n: view.rate_per_s.toLocaleString(lang) })],
  ];
  return (
    <dl className="broadcast-summary" aria-label={t("broadcasts.details")}>
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
