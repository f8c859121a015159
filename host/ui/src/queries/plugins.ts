// The plugin registry as the admin screen keeps it (A4): the account's plugins (shipped and its
// own), an upload (a manifest and a .wasm component as multipart/form-data: a new plugin or a new
// version of one), switching one on or off, deleting a version or a whole plugin. Each change
// writes the server's answer into the list (or asks for it again).
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { PluginView } from "../admin/pluginForm";

/** Not in keys.ts: nothing live touches it. */
export const pluginsKey = ["plugins"] as const;

export const pluginsQuery = queryOptions({
  queryKey: pluginsKey,
  queryFn: async () => (await call(http.GET("/api/v1/plugins"))).items,
});

function put(queryClient: QueryClient, plugin: PluginView) {
  const same = (p: PluginView) => p.origin === plugin.origin && (plugin.origin === "shipped" ? p.name === plugin.name : p.id === plugin.id);
  queryClient.setQueryData(pluginsKey, (items: PluginView[] | undefined) =>
    items ? [...items.filter((p) => !same(p)), plugin] : items,
  );
}

/** Upload `manifest` (JSON text) with `component`; a refusal names the field or says why the component is unusable. */
export async function uploadPlugin(queryClient: QueryClient, manifest: string, component: File): Promise<PluginView> {
  const form = new FormData();
  form.append("manifest", new Blob([manifest], { type: "application/json" }), "manifest.json");
  form.append("component", component, component.name);
  const uploaded = await call(
    http.POST("/api/v1/plugins", { body: form as never, bodySerializer: (body: unknown) => body as FormData }),
  );
  put(queryClient, uploaded);
  return uploaded;
}

export async function setPluginEnabled(queryClient: QueryClient, plugin: PluginView, enabled: boolean): Promise<PluginView> {
  const updated =
    plugin.origin === "shipped"
      ? await call(http.PATCH("/api/v1/plugins/shipped/{name}", { params: { path: { name: plugin.name } }, body: { enabled } }))
      : await call(http.PATCH("/api/v1/plugins/{id}", { params: { path: { id: plugin.id! } }, body: { enabled } }));
  put(queryClient, updated);
  return updated;
}

export async function deletePlugin(queryClient: QueryClient, id: number): Promise<void> {
  await call(http.DELETE("/api/v1/plugins/{id}", { params: { path: { id } } }));
  queryClient.setQueryData(pluginsKey, (items: PluginView[] | undefined) =>
    items?.filter((p) => p.origin === "shipped" || p.id !== id),
  );
}

export async function deletePluginVersion(queryClient: QueryClient, id: number, version: string): Promise<void> {
  await call(http.DELETE("/api/v1/plugins/{id}/versions/{version}", { params: { path: { id, version } } }));
  await queryClient.invalidateQueries({ queryKey: pluginsKey });
}
