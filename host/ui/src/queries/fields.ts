// Custom fields and closing fields as the admin keeps them (A4, K5): create and delete a field,
// save the closing fields. Each change writes the server's answer into the caches the chat's
// screens read (reference.ts: the custom fields of the settings panel, the closing dialog's);
// an edit (label, a list's options) too.
import type { QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { components } from "../api/schema";
import type { ClosingFieldView, CustomField } from "../api/types";
import { keys } from "./keys";

const byLabel = (a: CustomField, b: CustomField) => a.label.localeCompare(b.label, "pt-BR") || a.id - b.id;

export async function createCustomField(
  queryClient: QueryClient,
  body: components["schemas"]["NewCustomField"],
): Promise<CustomField> {
  const created = await call(http.POST("/api/v1/custom-fields", { body }));
  queryClient.setQueryData(keys.customFields, (items: CustomField[] | undefined) =>
    items ? [...items.filter((f) => f.id !== created.id), created].sort(byLabel) : items,
  );
  return created;
}

/** Renames a field or changes a list's options; the closing fields' copy of it follows. */
export async function updateCustomField(
  queryClient: QueryClient,
  id: number,
  body: components["schemas"]["CustomFieldPatch"],
): Promise<CustomField> {
  const updated = await call(http.PATCH("/api/v1/custom-fields/{id}", { params: { path: { id } }, body }));
  queryClient.setQueryData(keys.customFields, (items: CustomField[] | undefined) =>
    items?.map((f) => (f.id === id ? updated : f)).sort(byLabel),
  );
  queryClient.setQueryData(keys.closingFields, (items: ClosingFieldView[] | undefined) =>
    items?.map((c) => (c.field.id === id ? { ...c, field: updated } : c)),
  );
  return updated;
}

/** Deletes the field; the server also takes it out of the closing fields. */
export async function deleteCustomField(queryClient: QueryClient, id: number): Promise<void> {
  await call(http.DELETE("/api/v1/custom-fields/{id}", { params: { path: { id } } }));
  queryClient.setQueryData(keys.customFields, (items: CustomField[] | undefined) => items?.filter((f) => f.id !== id));
  queryClient.setQueryData(keys.closingFields, (items: ClosingFieldView[] | undefined) => items?.filter((c) => c.field.id !== id));
}

/** Replaces the closing fields (in this order) and keeps the server's answer for the closing dialog. */
export async function saveClosingFields(
  queryClient: QueryClient,
  body: components["schemas"]["ClosingFieldsBody"],
): Promise<ClosingFieldView[]> {
  const saved = (await call(http.PUT("/api/v1/closing-fields", { body }))).items;
  queryClient.setQueryData(keys.closingFields, saved);
  return saved;
}
