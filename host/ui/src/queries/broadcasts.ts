// "Transmissões" (A7, S10): the account's broadcasts, one broadcast followed while it sends (asked
// again every second while scheduled or running), its recipients page by page, the audience a
// filter would reach (counted on the server: the same WHERE clause that picks the recipients),
// and the writes: create, pause, resume, cancel. A write's answer is the broadcast as it now is.
import { infiniteQueryOptions, queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { Broadcast, BroadcastRecipientPage } from "../api/types";
import type { AudienceFilter, NewBroadcastBody } from "../broadcasts/broadcastDraft";
import { isMoving, type RecipientFilter } from "../broadcasts/broadcastView";
import { keys } from "./keys";

export const RECIPIENTS_PAGE = 50;

/** Newest first; asked again every few seconds while one of them is waiting or sending. */
export const broadcastsQuery = queryOptions({
  queryKey: keys.broadcasts,
  queryFn: async (): Promise<Broadcast[]> => (await call(http.GET("/api/v1/broadcasts"))).items,
  refetchInterval: (query) => (query.state.data?.some((b) => isMoving(b.state)) ? 3000 : false),
  staleTime: 5_000,
});

/** One broadcast: every second while it waits for its time or sends (the progress bar). */
export function broadcastQuery(id: number) {
  return queryOptions({
    queryKey: keys.broadcast(id),
    queryFn: (): Promise<Broadcast> => call(http.GET("/api/v1/broadcasts/{id}", { params: { path: { id } } })),
    refetchInterval: (query) => (isMoving(query.state.data?.state) ? 1000 : false),
    staleTime: 1_000,
  });
}

/** Its recipients, all or in one state, page after page ("Carregar mais"). */
export function broadcastRecipientsQuery(id: number, state: RecipientFilter) {
  return infiniteQueryOptions({
    queryKey: keys.broadcastRecipients(id, state),
    queryFn: ({ pageParam }): Promise<BroadcastRecipientPage> =>
      call(
        http.GET("/api/v1/broadcasts/{id}/recipients", {
          params: {
            path: { id },
            query: {
              ...(state === "all" ? {} : { state }),
              limit: RECIPIENTS_PAGE,
              ...(pageParam === null ? {} : { cursor: pageParam }),
            },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // While the filter changes, the rows shown so far stay instead of a spinner.
    placeholderData: (previous) => previous,
  });
}

/** How many contacts the filter reaches on that channel (minus blocked and switched-off ones). */
export function audienceQuery(channelId: number, filter: AudienceFilter) {
  return queryOptions({
    queryKey: keys.broadcastAudience(channelId, filter),
    queryFn: async (): Promise<number> =>
      (await call(http.POST("/api/v1/broadcasts/audience", { body: { channel_id: channelId, filter } }))).count,
    staleTime: 10_000,
    placeholderData: (previous) => previous,
  });
}

/** Keeps the broadcast's answer where its page reads it, and asks for the list again. */
function store(queryClient: QueryClient, view: Broadcast): Broadcast {
  queryClient.setQueryData(keys.broadcast(view.id), view);
  void queryClient.invalidateQueries({ queryKey: keys.broadcasts });
  return view;
}

export async function createBroadcast(queryClient: QueryClient, body: NewBroadcastBody): Promise<Broadcast> {
  return store(queryClient, await call(http.POST("/api/v1/broadcasts", { body })));
}

export type BroadcastAction = "pause" | "resume" | "cancel";

/** "Pausar", "Retomar" or "Cancelar"; a state that does not allow it is refused (409). */
export async function changeBroadcast(queryClient: QueryClient, id: number, action: BroadcastAction): Promise<Broadcast> {
  const params = { params: { path: { id } } };
  const view = await call(
    action === "pause"
      ? http.POST("/api/v1/broadcasts/{id}/pause", params)
      : action === "resume"
        ? http.POST("/api/v1/broadcasts/{id}/resume", params)
        : http.POST("/api/v1/broadcasts/{id}/cancel", params),
  );
  return store(queryClient, view);
}
