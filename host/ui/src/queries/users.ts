// Users as the admin keeps them (A3, A4): create, change (role, chat visibility, general
// permissions, active) and set a new password. Changes write the server's answer into the
// users cache (reference.ts); a change to oneself asks GET /me again.
import type { QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { components } from "../api/schema";
import type { User } from "../api/types";
import { keys } from "./keys";

type Schemas = components["schemas"];

function put(queryClient: QueryClient, user: User) {
  queryClient.setQueryData(keys.users, (items: User[] | undefined) =>
    items ? [...items.filter((u) => u.id !== user.id), user] : items,
  );
}

export async function createUser(queryClient: QueryClient, body: Schemas["CreateUser"]): Promise<User> {
  const created = await call(http.POST("/api/v1/users", { body }));
  put(queryClient, created);
  return created;
}

export async function updateUser(queryClient: QueryClient, id: number, patch: Schemas["UserPatch"], selfId: number): Promise<User> {
  const updated = await call(http.PATCH("/api/v1/users/{id}", { params: { path: { id } }, body: patch }));
  put(queryClient, updated);
  if (id === selfId) await queryClient.invalidateQueries({ queryKey: keys.me });
  return updated;
}

/** A new password for the user; the server ends their sessions. */
export async function setUserPassword(id: number, password: string): Promise<void> {
  await call(http.PUT("/api/v1/users/{id}/password", { params: { path: { id } }, body: { password } }));
}
