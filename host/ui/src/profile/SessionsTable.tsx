// A user's open sessions as a table (issue 17 part 5), on "Meu Perfil" and in an admin's
// "Sessões" dialog: the device (browser and system from the User-Agent, the whole of it in the
// title), the IP address, "Início", "Último acesso" (when it has not been used since it opened,
// its start), this session marked "Esta sessão". With `onEnd`, each other session has "Encerrar".
// In a narrow box (a phone, the profile's card) each session is a block of labelled lines.
import type { SessionView } from "../api/types";
import { formatDateTime, formatDayTime } from "../format";
import { useI18n } from "../i18n";
import { describeDevice } from "./device";

interface Props {
  sessions: SessionView[];
  /** The table's accessible name. */
  label: string;
  /** Ends another session ("Encerrar"); without it the table has no actions. */
  onEnd?: (session: SessionView, device: string) => void;
  /** The session being ended (its button waits). */
  endingId?: string | null;
}

function When({ ms }: { ms: number }) {
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatDateTime(ms)}>
      {formatDayTime(ms)}
    </time>
  );
}

export function SessionsTable({ sessions, label, onEnd, endingId }: Props) {
  const { t } = useI18n();
  return (
    <div className="sessions-box">
      <table className="sessions-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t("sessions.device")}</th>
            <th scope="col">{t("sessions.ip")}</th>
            <th scope="col">{t("sessions.created")}</th>
            <th scope="col">{t("sessions.lastSeen")}</th>
            {onEnd && (
              <th scope="col">
                <span className="sr-only">{t("sessions.actions")}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => {
            const device = describeDevice(s.user_agent);
            return (
              <tr key={s.id} data-testid="session-row" className={s.current ? "session-current" : undefined}>
                <th scope="row" className="session-device">
                  <span title={s.user_agent ?? undefined}>{device}</span>
                  {s.current && <span className="session-badge">{t("sessions.current")}</span>}
                </th>
                <td className="session-ip" data-label={t("sessions.ip")}>
                  {s.ip ?? "—"}
                </td>
                <td data-label={t("sessions.created")}>
                  <When ms={s.created_at} />
                </td>
                <td data-label={t("sessions.lastSeen")}>
                  <When ms={s.last_seen_at ?? s.created_at} />
                </td>
                {onEnd && (
                  <td className="session-actions">
                    {!s.current && (
                      <button
                        type="button"
                        className="btn btn-danger-outline"
                        onClick={() => onEnd(s, device)}
                        disabled={endingId === s.id}
                        aria-label={t("sessions.endOf", { device })}
                      >
                        {t("sessions.end")}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
