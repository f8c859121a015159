// The account's reference data the list's filters, "Novo chat", the composer and the settings
// panel choose from: tags, departments, users, channels, a channel's templates, custom and
// closing fields, flows. Rarely changes: cached for minutes.
import { queryOptions } from "@tanstack/react-query";
import { call, http } from "../api/client";
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
    queryFn: async () =>
      (await call(http.GET("/api/v1/templates", { params: { query: { channel_id: channelId, sendable: true } } }))).items,
    staleTime: 60_000,
  });
}

/** Templates of a channel found by part of their name or by category ("Utilidade", "Marketing": C7). */
export function templateSearchQuery(channelId: number, search: string) {
  return queryOptions({
    queryKey: keys.templateSearch(channelId, search),
    queryFn: async () => {
      const query = { channel_id: channelId, sendable: true, search: search.trim() || undefined };
      return (await call(http.GET("/api/v1/templates", { params: { query } }))).items;
    },
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
}

/**
 * Tags an agent may put on a contact by hand ("apenas automação" ones are left out: S11).
 * Any user may create one ("+"), so the picker asks again each time the panel opens.
 */
export const assignableTagsQuery = queryOptions({
  queryKey: [...keys.tags, "assignable"] as const,
  queryFn: async () => (await call(http.GET("/api/v1/tags", { params: { query: { assignable: true } } }))).items,
  staleTime: 0,
});

export const customFieldsQuery = queryOptions({
  queryKey: keys.customFields,
  queryFn: async () => (await call(http.GET("/api/v1/custom-fields"))).items,
  staleTime: FIVE_MINUTES,
});

/** The fields the closing dialog asks for, each required or optional (K5). */
export const closingFieldsQuery = queryOptions({
  queryKey: keys.closingFields,
  queryFn: async () => (await call(http.GET("/api/v1/closing-fields"))).items,
  staleTime: FIVE_MINUTES,
});

/** The account's flows; "Encaminhar para fluxo" offers the published ones (S16). */
export const flowsQuery = queryOptions({
  queryKey: keys.flows,
  queryFn: async () => (await call(http.GET("/api/v1/flows"))).items,
  staleTime: FIVE_MINUTES,
});
