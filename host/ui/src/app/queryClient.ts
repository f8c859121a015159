// The server-state cache. Lists and conversations are kept current by live events
// (realtime/cacheSync.ts), so nothing refetches on focus or on an interval.
import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/errors";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      // A 4xx will not change by asking again; a network blip might.
      retry: (failures, err) => failures < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    },
  },
});
