// Signed-in sessions and passwords (issue 17 part 5): one's own sessions on "Meu Perfil" (end one,
// or all but this one) and one's own new password; an admin's view of a user's sessions (end them
// all) and "Exigir troca de senha". Lists are read fresh each time they are shown: sessions open
// and end elsewhere, with no live event to say so.
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { SessionView, User } from "../api/types";
import { keys } from "./keys";

export const mySessionsQuery = queryOptions({
  queryKey: keys.mySessions,
  queryFn: async (): Promise<SessionView[]> => (await call(http.GET("/api/v1/me/sessions"))).items,
  staleTime: 0,
});

export function userSessionsQuery(userId: number) {
  return queryOptions({
    queryKey: keys.userSessions(userId),
    queryFn: async (): Promise<SessionView[]> =>
      (await call(http.GET("/api/v1/users/{id}/sessions", { params: { path: { id: userId } } }))).items,
    staleTime: 0,
  });
}

function withoutSession(queryClient: QueryClient, id: string) {
  queryClient.setQueryData(keys.mySessions, (items: SessionView[] | undefined) => items?.filter((s) => s.id !== id));
}

/** Ends one of one's own sessions (another device signs out). */
export async function endMySession(queryClient: QueryClient, id: string): Promise<void> {
  await call(http.DELETE("/api/v1/me/sessions/{id}", { params: { path: { id } } }));
  withoutSession(queryClient, id);
  await queryClient.invalidateQueries({ queryKey: keys.mySessions });
}

/** Ends all of one's sessions but this one; how many ended. */
export async function endMyOtherSessions(queryClient: QueryClient): Promise<number> {
  const { ended } = await call(http.POST("/api/v1/me/sessions/end-others"));
  await queryClient.invalidateQueries({ queryKey: keys.mySessions });
  return ended;
}

/** One's own new password: the server ends one's other sessions and keeps this one. */
export async function changeMyPassword(queryClient: QueryClient, currentPassword: string, newPassword: string): Promise<void> {
  await call(http.PUT("/api/v1/me/password", { body: { current_password: currentPassword, new_password: newPassword } }));
  await queryClient.invalidateQueries({ queryKey: keys.mySessions });
}

/** Ends all of a user's sessions (an admin; for oneself, all but this one); how many ended. */
export async function endUserSessions(queryClient: QueryClient, userId: number): Promise<number> {
  const { ended } = await call(http.DELETE("/api/v1/users/{id}/sessions", { params: { path: { id: userId } } }));
  await queryClient.invalidateQueries({ queryKey: keys.sessions });
  return ended;
}

/** Asks a user to choose a new password before anything else (an admin; not oneself). */
export async function requirePasswordChange(queryClient: QueryClient, userId: number): Promise<void> {
  await call(http.POST("/api/v1/users/{id}/require-password-change", { params: { path: { id: userId } } }));
  queryClient.setQueryData(keys.users, (items: User[] | undefined) =>
    items?.map((u) => (u.id === userId ? { ...u, must_change_password: true } : u)),
  );
  await queryClient.invalidateQueries({ queryKey: keys.users });
}
