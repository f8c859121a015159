// The account's audit log (issue 17 part 4, admins only): one filter's entries, newest first,
// page after page ("Carregar mais": each page's `next_before` asks for the older ones). Every
// page also carries the names of the actions the log may hold, for the "Ação" filter.
import { infiniteQueryOptions } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { AuditPage } from "../api/types";
import type { AuditFilter } from "../admin/auditActions";
import { keys } from "./keys";

export const AUDIT_PAGE = 50;

export function auditQuery(filter: AuditFilter) {
  return infiniteQueryOptions({
    queryKey: keys.audit(filter),
    queryFn: ({ pageParam }): Promise<AuditPage> =>
      call(
        http.GET("/api/v1/audit", {
          params: { query: { ...filter, limit: AUDIT_PAGE, ...(pageParam === null ? {} : { before: pageParam }) } },
        }),
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.next_before ?? undefined,
    staleTime: 30_000,
    // While another filter's entries load, the ones shown stay (marked busy) instead of a spinner.
    placeholderData: (previous) => previous,
  });
}
