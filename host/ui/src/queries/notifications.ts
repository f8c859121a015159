// The bell (N1): the user's notifications, newest first, paged with `before` ("Carregar mais"),
// with the count of all of them (the badge). Asked again when the stream says
// "notifications.changed" (only the first page: the older ones are then loaded again on
// demand), after a resync and on reload_needed; deleting one or all writes the answer in place.
import { infiniteQueryOptions, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { Notification, NotificationPage } from "../api/types";
import { badgeCount, flattenPages, nextBefore, withoutItem } from "../notifications/bell";
import { keys } from "./keys";

export const NOTIFICATIONS_PAGE = 20;

export const notificationsQuery = infiniteQueryOptions({
  queryKey: keys.notifications,
  queryFn: ({ pageParam }): Promise<NotificationPage> =>
    call(
      http.GET("/api/v1/notifications", {
        params: { query: { limit: NOTIFICATIONS_PAGE, ...(pageParam === null ? {} : { before: pageParam }) } },
      }),
    ),
  initialPageParam: null as number | null,
  getNextPageParam: (last, pages) => nextBefore(last, pages, NOTIFICATIONS_PAGE),
  staleTime: Infinity,
});

type Data = InfiniteData<NotificationPage, number | null>;

/** The loaded notifications, newest first, each once. */
export function flattenNotifications(data: InfiniteData<NotificationPage, unknown> | undefined): Notification[] {
  return flattenPages(data?.pages);
}

/** The badge's number: all of the user's notifications, as the newest answer counts them. */
export function notificationCount(data: InfiniteData<NotificationPage, unknown> | undefined): number {
  return badgeCount(data?.pages);
}

/** Something changed on the server: ask again for the first page only. */
export function refreshNotifications(queryClient: QueryClient): void {
  queryClient.setQueryData<Data>(keys.notifications, (data) =>
    data && data.pages.length > 1 ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } : data,
  );
  void queryClient.invalidateQueries({ queryKey: keys.notifications });
}

/** "Excluir notificação": deletes one; the list and the count follow at once. */
export async function deleteNotification(queryClient: QueryClient, id: number): Promise<void> {
  await call(http.DELETE("/api/v1/notifications/{id}", { params: { path: { id } } }));
  queryClient.setQueryData<Data>(keys.notifications, (data) => data && { ...data, pages: withoutItem(data.pages, id) });
}

/** "Limpar todas": deletes all of the user's notifications. */
export async function clearNotifications(queryClient: QueryClient): Promise<void> {
  await call(http.DELETE("/api/v1/notifications"));
  queryClient.setQueryData<Data>(keys.notifications, { pages: [{ items: [], total: 0 }], pageParams: [null] });
}
