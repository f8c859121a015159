// The account's reference data the list's filters and "Novo chat" choose from: tags,
// departments, users, channels and a channel's templates. Rarely changes: cached for minutes.
import { queryOptions } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { Template } from "../api/types";
import { keys } from "./keys";

const FIVE_MINUTES = 5 * 60_000;

export const tagsQuery = queryOptions({
  queryKey: keys.tags,
  queryFn: async () => (await call(http.GET("/api/v1/tags"))).items,
  staleTime: FIVE_MINUTES,
});

export const departmentsQuery = queryOptions({
  queryKey: keys.departments,
  queryFn: async () => (await call(http.GET("/api/v1/departments"))).items,
  staleTime: FIVE_MINUTES,
});

export const usersQuery = queryOptions({
  queryKey: keys.users,
  queryFn: async () => (await call(http.GET("/api/v1/users"))).items,
  staleTime: FIVE_MINUTES,
});

export const channelsQuery = queryOptions({
  queryKey: keys.channels,
  queryFn: async () => (await call(http.GET("/api/v1/channels"))).items,
  staleTime: FIVE_MINUTES,
});

/** Templates a channel may send now (approved and still existing). */
export function templatesQuery(channelId: number) {
  return queryOptions({
    queryKey: keys.templates(channelId),
    // The document gives two operations the id `list`, so the generated `paths` entry of
    // /api/v1/templates describes the wrong one; the answer is a TemplateList.
    queryFn: async () => {
      const init = { params: { query: { channel_id: channelId, sendable: true } } };
      const page = (await call(http.GET("/api/v1/templates", init as never))) as unknown as { items: Template[] };
      return page.items;
    },
    staleTime: 60_000,
  });
}
