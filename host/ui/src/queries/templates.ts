// The account's templates for the admin screen (C7, C14): every template of every channel (not
// only the sendable ones the composer lists: pending, rejected and deleted ones too), a preview
// rendered by the server's template plugin, a WhatsApp number's sync from Meta and a template
// added by hand to a simulator channel. Writes refresh every "templates" query, the composer's too.
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { components } from "../api/schema";

export type Template = components["schemas"]["TemplateView"];
export type SyncReport = components["schemas"]["SyncReport"];
export type TemplateValues = components["schemas"]["TemplateValues"];
export type NewTemplate = components["schemas"]["CreateTemplate"];

/** Under keys.templates' prefix, so a sync refreshes the composer's lists too. */
const allTemplatesKey = ["templates", "all"] as const;

export const allTemplatesQuery = queryOptions({
  queryKey: allTemplatesKey,
  queryFn: async () => (await call(http.GET("/api/v1/templates"))).items,
});

export function templatePreviewQuery(id: number, values: TemplateValues) {
  return queryOptions({
    queryKey: ["templates", "preview", id, values] as const,
    queryFn: async () => (await call(http.POST("/api/v1/templates/{id}/preview", { params: { path: { id } }, body: values }))).preview,
    staleTime: Infinity,
  });
}

export async function syncTemplates(queryClient: QueryClient, channelId: number): Promise<SyncReport> {
  const report = await call(http.POST("/api/v1/channels/{id}/templates/sync", { params: { path: { id: channelId } } }));
  await queryClient.invalidateQueries({ queryKey: ["templates"] });
  return report;
}

/** `components` as Meta's JSON (the generated type cannot say "any object"). */
export type NewTemplateBody = Omit<NewTemplate, "components"> & { components: object[] };

export async function createTemplate(queryClient: QueryClient, channelId: number, body: NewTemplateBody): Promise<Template> {
  const created = await call(
    http.POST("/api/v1/channels/{id}/templates", { params: { path: { id: channelId } }, body: body as NewTemplate }),
  );
  await queryClient.invalidateQueries({ queryKey: ["templates"] });
  return created;
}
