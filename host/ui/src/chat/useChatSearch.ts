// The /chat search params (filters, sort, search) and a way to change them that keeps the
// open conversation: filters are URL state, so back/forward and links carry them.
import { getRouteApi, useNavigate, useRouterState } from "@tanstack/react-router";
import { useCallback, useMemo } from "react";
import { toFilter, type ChatSearch, type ListFilter } from "../list/filter";

const chatRoute = getRouteApi("/signed-in/chat");

export function useChatSearch(): { search: ChatSearch; filter: ListFilter } {
  const search = chatRoute.useSearch();
  const filter = useMemo(() => toFilter(search), [search]);
  return { search, filter };
}

export function useSetChatSearch(): (update: (prev: ChatSearch) => ChatSearch, opts?: { replace?: boolean }) => void {
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  return useCallback(
    (update, opts) => {
      // The path stays (a conversation stays open); only the list's params change.
      void navigate({ to: pathname as "/chat", search: (prev: ChatSearch) => update(prev), replace: opts?.replace });
    },
    [navigate, pathname],
  );
}
