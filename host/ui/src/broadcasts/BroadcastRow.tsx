// One broadcast in the "Transmissões" table (A7, S10): its name (the link to its details), channel,
// template, state, the time it is due and its results as counts of its recipients.
import { Link } from "@tanstack/react-router";
import type { Broadcast } from "../api/types";
import { formatDayTime } from "../format";
import { useI18n } from "../i18n";
import { BroadcastStateBadge } from "./BroadcastStateBadge";

export function BroadcastRow({ broadcast: b }: { broadcast: Broadcast }) {
  const { lang } = useI18n();
  const n = (v: number) => v.toLocaleString(lang);
  return (
    <tr data-testid="broadcast-row" data-id={b.id} data-state={b.state}>
      <th scope="row" className="broadcasts-name">
        <Link to="/admin/broadcasts/$id" params={{ id: b.id }} className="link-button">
          {b.name}
        </Link>
      </th>
      <td>{b.channel.name}</td>
      <td>{b.template.name}</td>
      <td>
        <BroadcastStateBadge state={b.state} />
      </td>
      <td>{formatDayTime(b.scheduled_at)}</td>
      <td className="broadcasts-number" data-col="recipients">{n(b.totals.recipients)}</td>
      <td className="broadcasts-number" data-col="sent">{n(b.totals.sent)}</td>
      <td className="broadcasts-number" data-col="delivered">{n(b.totals.delivered)}</td>
      <td className="broadcasts-number" data-col="read">{n(b.totals.read)}</td>
      <td className={`broadcasts-number${b.totals.failed > 0 ? " broadcasts-failed" : ""}`} data-col="failed">
        {n(b.totals.failed)}
      </td>
    </tr>
  );
}
