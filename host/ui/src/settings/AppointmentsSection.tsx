// "Compromissos agendados" (S9; "Mensagens Agendadas no Google Agenda" in the source text): the
// appointments the contact booked through a flow's scheduling node, soonest first, each with its
// day and hours in the account's time zone and the flow that booked it; a booked one can be
// cancelled after a "Sim" (its time is free again), a cancelled one stays listed, marked. The
// calendar file (.ics) stands in for Google Calendar: "Exportar para agenda (.ics)" downloads the
// contact's appointments for any calendar app.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../api/errors";
import type { Appointment, Contact, Me } from "../api/types";
import { formatDayTime } from "../format";
import { useI18n } from "../i18n";
import { appointmentsQuery, calendarFileUrl } from "../queries/appointments";
import { meQuery } from "../queries/session";
import { CalendarIcon } from "../ui/icons";
import { ErrorState, LoadingState } from "../ui/States";
import { appointmentWhen } from "./appointmentTime";
import { CancelAppointmentDialog } from "./CancelAppointmentDialog";
import { Section } from "./Section";

export function AppointmentsSection({ contact }: { contact: Contact }) {
  const { t, lang } = useI18n();
  const me = useQuery(meQuery).data as Me;
  const list = useQuery(appointmentsQuery(contact.id));
  const [cancelling, setCancelling] = useState<Appointment | null>(null);

  return (
    <Section title={t("appointments.title")} testId="section-appointments">
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />}
      {list.data?.length === 0 && <p className="muted">{t("appointments.empty")}</p>}
      <ul className="cards">
        {list.data?.map((a) => {
          const cancelled = a.status === "cancelled";
          return (
            <li key={a.id} className={`card-item appointment${cancelled ? " appointment-cancelled" : ""}`} data-testid="appointment">
              <div className="card-item-head">
                <strong className="appointment-when">
                  <CalendarIcon size={14} />
                  <time dateTime={new Date(a.starts_at).toISOString()}>{appointmentWhen(a.starts_at, a.ends_at, me.account.timezone, lang)}</time>
                </strong>
                <span className={`tag ${cancelled ? "tag-cancelled" : "tag-booked"}`}>
                  {t(cancelled ? "appointments.cancelled" : "appointments.booked")}
                </span>
              </div>
              <p className="muted">
                {a.flow_name
                  ? t("appointments.byFlow", { flow: a.flow_name, when: formatDayTime(a.created_at) })
                  : t("appointments.byUnknownFlow", { when: formatDayTime(a.created_at) })}
              </p>
              {cancelled && a.cancelled_at != null && <p className="muted">{t("appointments.cancelledAt", { when: formatDayTime(a.cancelled_at) })}</p>}
              {!cancelled && (
                <div className="card-item-actions">
                  <button type="button" className="link-button danger" onClick={() => setCancelling(a)}>
                    {t("appointments.cancel")}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {list.data && list.data.length > 0 && (
        // A plain link: the browser downloads the file the server names, with the session cookie.
        <a className="btn btn-ghost appointments-export" href={calendarFileUrl(contact.id)} download title={t("appointments.exportHint")}>
          <CalendarIcon size={16} />
          {t("appointments.export")}
        </a>
      )}
      <CancelAppointmentDialog appointment={cancelling} onClose={() => setCancelling(null)} />
    </Section>
  );
}
