// A chat's scheduled messages (S7), scheduled flows (S8) and flow sessions (S16, L10): asked
// when the settings panel opens, written from the answers of the changes made there.
import { queryOptions } from "@tanstack/react-query";
import { call, http } from "../api/client";
import { keys } from "./keys";

export function scheduledMessagesQuery(conversationId: number) {
  return queryOptions({
    queryKey: keys.scheduledMessages(conversationId),
    queryFn: async () => {
      const init = { params: { path: { id: conversationId } } };
      return (await call(http.GET("/api/v1/conversations/{id}/scheduled-messages", init))).items;
    },
    staleTime: 30_000,
  });
}

export function flowSessionsQuery(conversationId: number) {
  return queryOptions({
    queryKey: keys.flowSessions(conversationId),
    queryFn: async () => {
      const init = { params: { path: { id: conversationId } } };
      return (await call(http.GET("/api/v1/conversations/{id}/flow-sessions", init))).items;
    },
    staleTime: 30_000,
  });
}

export function scheduledFlowsQuery(conversationId: number) {
  return queryOptions({
    queryKey: keys.scheduledFlows(conversationId),
    queryFn: async () => {
      const init = { params: { path: { id: conversationId } } };
      return (await call(http.GET("/api/v1/conversations/{id}/scheduled-flows", init))).items;
    },
    staleTime: 30_000,
  });
}
