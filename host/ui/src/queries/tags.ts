// Tags as the admin keeps them (A4, S11): create, rename or mark "apenas automação", delete.
// Each change writes the server's answer into the tags cache (reference.ts) and drops the
// agents' picker list (which leaves automation-only tags out) so it is asked again.
import type { QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { components } from "../api/schema";
import type { Tag } from "../api/types";
import { keys } from "./keys";

const byName = (a: Tag, b: Tag) => a.name.localeCompare(b.name, "pt-BR");

function put(queryClient: QueryClient, tag: Tag) {
  queryClient.setQueryData(keys.tags, (items: Tag[] | undefined) =>
    items ? [...items.filter((t) => t.id !== tag.id), tag].sort(byName) : items,
  );
  void queryClient.invalidateQueries({ queryKey: [...keys.tags, "assignable"] });
}

export async function createTag(queryClient: QueryClient, name: string, automationOnly: boolean): Promise<Tag> {
  const created = await call(http.POST("/api/v1/tags", { body: { name, automation_only: automationOnly } }));
  put(queryClient, created);
  return created;
}

export async function updateTag(queryClient: QueryClient, id: number, patch: components["schemas"]["TagPatch"]): Promise<Tag> {
  const updated = await call(http.PATCH("/api/v1/tags/{id}", { params: { path: { id } }, body: patch }));
  put(queryClient, updated);
  return updated;
}

export async function deleteTag(queryClient: QueryClient, id: number): Promise<void> {
  await call(http.DELETE("/api/v1/tags/{id}", { params: { path: { id } } }));
  queryClient.setQueryData(keys.tags, (items: Tag[] | undefined) => items?.filter((t) => t.id !== id));
  void queryClient.invalidateQueries({ queryKey: [...keys.tags, "assignable"] });
}
