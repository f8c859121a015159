// A2: the account's support code, for users with "Código de Suporte"; asked again when it
// rotates (every 4 hours).
import { queryOptions } from "@tanstack/react-query";
import { call, http } from "../api/client";
import { keys } from "./keys";

const MIN_WAIT_MS = 10_000;

export const supportCodeQuery = queryOptions({
  queryKey: keys.supportCode,
  queryFn: () => call(http.GET("/api/v1/me/support-code")),
  staleTime: 60_000,
  refetchInterval: (q) => (q.state.data ? Math.max(q.state.data.expires_at - Date.now(), MIN_WAIT_MS) : false),
});
