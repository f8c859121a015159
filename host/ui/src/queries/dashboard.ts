// The "Painel" (admins only): the account's figures for a period, asked again every 30 seconds
// while the page is shown. React Query stops the interval while the browser tab is hidden
// (refetchIntervalInBackground is off) and asks at once when it comes back, so a dashboard left
// open on a wall screen stays current without costing anything in a background tab.
import { queryOptions } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { Dashboard, DashboardPeriod } from "../api/types";
import { keys } from "./keys";

export const DASHBOARD_REFRESH_MS = 30_000;

export function dashboardQuery(period: DashboardPeriod) {
  return queryOptions({
    queryKey: keys.dashboard(period),
    queryFn: (): Promise<Dashboard> => call(http.GET("/api/v1/dashboard", { params: { query: { period } } })),
    refetchInterval: DASHBOARD_REFRESH_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
    // While another period loads, the figures shown so far stay (marked busy) instead of a spinner.
    placeholderData: (previous) => previous,
  });
}
