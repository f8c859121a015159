// The account's availability for appointments (S9, "Agenda de atendimentos"): asked when the page
// opens; a save writes the server's answer into the cache and asks for the free slots again,
// which it changes. The free slots move with the clock and with every booking, so they are asked
// for again whenever the page shows after a while.
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { Availability } from "../api/types";
import { keys } from "./keys";

export const availabilityQuery = queryOptions({
  queryKey: keys.availability,
  queryFn: () => call(http.GET("/api/v1/availability")),
  staleTime: 60_000,
});

export const freeSlotsQuery = queryOptions({
  queryKey: keys.freeSlots,
  queryFn: async () => (await call(http.GET("/api/v1/availability/free-slots"))).items,
  staleTime: 30_000,
});

/** Replaces the availability (admins); the server's 422 names the field it refuses. */
export async function saveAvailability(queryClient: QueryClient, availability: Availability): Promise<Availability> {
  const saved = await call(http.PUT("/api/v1/availability", { body: availability }));
  queryClient.setQueryData(keys.availability, saved);
  await queryClient.invalidateQueries({ queryKey: keys.freeSlots, exact: true });
  return saved;
}
