// Appointments (S9), booked by a flow's scheduling step. A contact's: asked when the settings
// panel opens and again when the chat changes while it shows them (realtime/cacheSync.ts: a
// booking ends the flow's wait, which is a conversation event). The account's upcoming ones:
// asked when "Agenda de atendimentos" opens. A cancel writes the server's answer into the
// contact's list, takes it out of the account's and asks for the free slots again (its time is free).
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { Appointment } from "../api/types";
import { keys } from "./keys";

export function appointmentsQuery(contactId: number) {
  return queryOptions({
    queryKey: keys.appointments(contactId),
    queryFn: async () => (await call(http.GET("/api/v1/contacts/{id}/appointments", { params: { path: { id: contactId } } }))).items,
    staleTime: 30_000,
  });
}

/** The contact's appointments as an iCalendar file (the server names it and sends it as a download). */
export function calendarFileUrl(contactId: number): string {
  return `/api/v1/contacts/${contactId}/appointments/calendar.ics`;
}

/** The account's booked appointments not yet over, soonest first ("Agenda de atendimentos"). */
export const accountAppointmentsQuery = queryOptions({
  queryKey: keys.accountAppointments,
  queryFn: async () => (await call(http.GET("/api/v1/appointments", { params: { query: { from: Date.now() } } }))).items,
  staleTime: 30_000,
});

/** All the account's appointments as an iCalendar file, for any calendar app. */
export const ACCOUNT_CALENDAR_URL = "/api/v1/appointments/calendar.ics";

/** Cancels one (its time is free again); a second cancel is the server's 422, shown as it says. */
export async function cancelAppointment(queryClient: QueryClient, appointment: Appointment): Promise<Appointment> {
  const updated = await call(http.POST("/api/v1/appointments/{id}/cancel", { params: { path: { id: appointment.id } } }));
  queryClient.setQueryData(keys.appointments(appointment.contact_id), (items: Appointment[] | undefined) =>
    items?.map((x) => (x.id === updated.id ? updated : x)),
  );
  queryClient.setQueryData(keys.accountAppointments, (items: Appointment[] | undefined) => items?.filter((x) => x.id !== updated.id));
  void queryClient.invalidateQueries({ queryKey: keys.freeSlots, exact: true });
  return updated;
}
