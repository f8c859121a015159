// A contact's appointments (S9), booked by a flow's scheduling step: asked when the settings
// panel opens and again when the chat changes while it shows them (realtime/cacheSync.ts: a
// booking ends the flow's wait, which is a conversation event); a cancel made here writes the
// server's answer into the cache.
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

/** Cancels one (its time is free again); a second cancel is the server's 422, shown as it says. */
export async function cancelAppointment(queryClient: QueryClient, appointment: Appointment): Promise<Appointment> {
  const updated = await call(http.POST("/api/v1/appointments/{id}/cancel", { params: { path: { id: appointment.id } } }));
  queryClient.setQueryData(keys.appointments(appointment.contact_id), (items: Appointment[] | undefined) =>
    items?.map((x) => (x.id === updated.id ? updated : x)),
  );
  return updated;
}
