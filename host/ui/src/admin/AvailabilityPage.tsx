// "Agenda de atendimentos" (/admin/availability, S9 "Mensagens Agendadas no Google Agenda"): when
// a flow's scheduling step may book — the length of one appointment, the notice it needs, how
// many days ahead, and the weekly hours (the same editor as the business hours) — saved whole
// with PUT /api/v1/availability; the server's refusals go under the field they name. Below, what
// that gives now: the next free slots, and the upcoming booked appointments, each cancellable,
// with the account's calendar file (.ics) standing in for Google Calendar.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import type { Appointment, Availability, Me } from "../api/types";
import { useI18n, type MessageKey } from "../i18n";
import { ACCOUNT_CALENDAR_URL, accountAppointmentsQuery } from "../queries/appointments";
import { availabilityQuery, freeSlotsQuery, saveAvailability } from "../queries/availability";
import { meQuery } from "../queries/session";
import { appointmentWhen } from "../settings/appointmentTime";
import { CancelAppointmentDialog } from "../settings/CancelAppointmentDialog";
import { Field } from "../ui/Field";
import { CalendarIcon } from "../ui/icons";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { AdminPage } from "./AdminPage";
import {
  availabilityBody,
  availabilityDraftOf,
  fieldOfAvailabilityError,
  PREVIEW_SLOTS,
  slotLabel,
  type AvailabilityDraft,
  type AvailabilityField,
} from "./availability";
import { alwaysOpen, hoursProblems, type HoursDraft } from "./businessHours";
import { HoursEditor } from "./HoursEditor";

export function AvailabilityPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.availability")} className="availability-page">
      <AvailabilityScreen />
    </AdminPage>
  );
}

function AvailabilityScreen() {
  const { t } = useI18n();
  const me = useQuery(meQuery).data as Me;
  const availability = useQuery(availabilityQuery);
  return (
    <>
      <p className="muted">{t("availability.intro", { zone: me.account.timezone })}</p>
      <QueryStates query={availability} />
      {availability.data && <AvailabilityForm initial={availability.data} />}
      <FreeSlots />
      <UpcomingAppointments />
    </>
  );
}

type Errors = Partial<Record<AvailabilityField | "form", string>>;

const NUMBER_FIELDS: { field: "slot" | "notice" | "horizon"; label: MessageKey; hint: MessageKey; max: number }[] = [
  { field: "slot", label: "availability.slot", hint: "availability.slotHint", max: 480 },
  { field: "notice", label: "availability.notice", hint: "availability.noticeHint", max: 43200 },
  { field: "horizon", label: "availability.horizon", hint: "availability.horizonHint", max: 90 },
];

function AvailabilityForm({ initial }: { initial: Availability }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<AvailabilityDraft>(() => availabilityDraftOf(initial));
  const [errors, setErrors] = useState<Errors>({});
  // The intervals' problems show once a save was tried, then follow the typing.
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const problems = hoursProblems(draft.hours);

  function change(field: AvailabilityField, next: AvailabilityDraft) {
    setDraft(next);
    if (errors[field] || errors.form) setErrors({ ...errors, [field]: undefined, form: undefined });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setChecked(true);
    const out = availabilityBody(draft);
    const found: Errors = {};
    if ("notNumbers" in out) for (const field of out.notNumbers) found[field] = t("availability.notNumber");
    if (problems.size > 0) found.hours = t("accountSettings.fixHours");
    if (Object.keys(found).length > 0 || !("body" in out)) {
      setErrors(found);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const saved = await saveAvailability(queryClient, out.body);
      setDraft(availabilityDraftOf(saved));
      setChecked(false);
      showToast(t("availability.saved"));
    } catch (err) {
      // The server checks the ranges; its message names the field it is about.
      const message = errorMessage(err);
      setErrors({ [fieldOfAvailabilityError(message) ?? "form"]: message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-stack availability-form" onSubmit={submit} aria-label={t("admin.availability")} noValidate>
      <div className="availability-numbers">
        {NUMBER_FIELDS.map(({ field, label, hint, max }) => (
          <Field key={field} label={t(label)} hint={t(hint)} error={errors[field]}>
            <input
              type="number"
              inputMode="numeric"
              min={0}
              max={max}
              step={1}
              value={draft[field]}
              onChange={(e) => change(field, { ...draft, [field]: e.target.value })}
            />
          </Field>
        ))}
      </div>

      <section className="admin-section" aria-labelledby="availability-hours-title">
        <h2 id="availability-hours-title">{t("availability.hours")}</h2>
        <p className="field-hint">{t("availability.hoursHint")}</p>
        <HoursEditor
          hours={draft.hours}
          problems={checked ? problems : undefined}
          onChange={(hours: HoursDraft) => change("hours", { ...draft, hours })}
          emptyNote={alwaysOpen(draft.hours) ? t("availability.noHours") : undefined}
          error={errors.hours}
        />
      </section>

      {errors.form && (
        <p className="error-text" role="alert">
          {errors.form}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t("common.save")}
        </button>
      </div>
    </form>
  );
}

/** What the saved availability gives now: the first free slots a flow would offer. */
function FreeSlots() {
  const { t } = useI18n();
  const slots = useQuery(freeSlotsQuery);
  return (
    <section className="admin-section" aria-labelledby="free-slots-title" data-testid="free-slots">
      <h2 id="free-slots-title">{t("availability.freeSlots")}</h2>
      <p className="field-hint">{t("availability.freeSlotsHint")}</p>
      <QueryStates query={slots} />
      {slots.data?.length === 0 && <p className="muted">{t("availability.noFreeSlots")}</p>}
      {slots.data && slots.data.length > 0 && (
        <ul className="free-slots">
          {slots.data.slice(0, PREVIEW_SLOTS).map((slot) => (
            <li key={slot.start} className="free-slot" data-testid="free-slot" data-start={slot.start} data-end={slot.end}>
              {slotLabel(slot)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The booked appointments still to come, read-only but for "Cancelar", and the calendar file. */
function UpcomingAppointments() {
  const { t, lang } = useI18n();
  const me = useQuery(meQuery).data as Me;
  const list = useQuery(accountAppointmentsQuery);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const when = (a: Appointment) => appointmentWhen(a.starts_at, a.ends_at, me.account.timezone, lang);
  return (
    <section className="admin-section" aria-labelledby="appointments-title" data-testid="account-appointments">
      <h2 id="appointments-title">{t("availability.appointments")}</h2>
      <QueryStates query={list} />
      {list.data?.length === 0 && <p className="muted">{t("availability.noAppointments")}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="availability-appointments">
          {list.data.map((a) => (
            <li key={a.id} className="availability-appointment" data-testid="account-appointment">
              <CalendarIcon size={14} />
              <time dateTime={new Date(a.starts_at).toISOString()}>{when(a)}</time>
              <span className="availability-appointment-who">{a.contact_name}</span>
              {a.flow_name && <span className="muted">{a.flow_name}</span>}
              <button type="button" className="link-button danger" aria-label={t("availability.cancelOf", { name: a.contact_name, when: when(a) })} onClick={() => setCancelling(a)}>
                {t("availability.cancel")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {/* A plain link: the browser downloads the file the server names, with the session cookie. */}
      <a className="btn btn-ghost availability-export" href={ACCOUNT_CALENDAR_URL} download title={t("availability.exportHint")}>
        <CalendarIcon size={16} />
        {t("availability.export")}
      </a>
      <CancelAppointmentDialog appointment={cancelling} onClose={() => setCancelling(null)} />
    </section>
  );
}
