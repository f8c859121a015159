// API tokens for integrators (A4): listed without their secret, created (the answer carries the
// secret, shown once and never kept here) and revoked.
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { components } from "../api/schema";

export type ApiToken = components["schemas"]["ApiTokenView"];

/** Not in keys.ts: nothing live touches it. */
export const apiTokensKey = ["api-tokens"] as const;

export const apiTokensQuery = queryOptions({
  queryKey: apiTokensKey,
  queryFn: async () => (await call(http.GET("/api/v1/api-tokens"))).items,
});

/** Create a token acting as the signed-in admin; resolves with its secret (shown once). */
export async function createApiToken(queryClient: QueryClient, name: string): Promise<{ token: string; apiToken: ApiToken }> {
  const created = await call(http.POST("/api/v1/api-tokens", { body: { name } }));
  queryClient.setQueryData(apiTokensKey, (items: ApiToken[] | undefined) => (items ? [...items, created.api_token] : items));
  return { token: created.token, apiToken: created.api_token };
}

export async function revokeApiToken(queryClient: QueryClient, id: number): Promise<void> {
  await call(http.DELETE("/api/v1/api-tokens/{id}", { params: { path: { id } } }));
  queryClient.setQueryData(apiTokensKey, (items: ApiToken[] | undefined) => items?.filter((t) => t.id !== id));
}
