// A chat's scheduled messages (S7), scheduled flows (S8) and flow sessions (S16, L10): asked
// when the settings panel opens, written from the answers of the changes made there.
import { queryOptions } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { FlowSession, ScheduledFlow, ScheduledMessage } from "../api/types";
import { keys } from "./keys";

// The document gives several operations one id (`list`, `sessions` …), so the generated `paths`
// entry of a route may describe another operation: these answers are typed by their schema.

export function scheduledMessagesQuery(conversationId: number) {
  return queryOptions({
    queryKey: keys.scheduledMessages(conversationId),
    queryFn: async () => {
      const init = { params: { path: { id: conversationId } } };
      const list = (await call(http.GET("/api/v1/conversations/{id}/scheduled-messages", init as never))) as unknown;
      return (list as { items: ScheduledMessage[] }).items;
    },
    staleTime: 30_000,
  });
}

export function flowSessionsQuery(conversationId: number) {
  return queryOptions({
    queryKey: keys.flowSessions(conversationId),
    queryFn: async () => {
      const init = { params: { path: { id: conversationId } } };
      const list = (await call(http.GET("/api/v1/conversations/{id}/flow-sessions", init as never))) as unknown;
      return (list as { items: FlowSession[] }).items;
    },
    staleTime: 30_000,
  });
}

export function scheduledFlowsQuery(conversationId: number) {
  return queryOptions({
    queryKey: keys.scheduledFlows(conversationId),
    queryFn: async () => {
      const init = { params: { path: { id: conversationId } } };
      const list = (await call(http.GET("/api/v1/conversations/{id}/scheduled-flows", init as never))) as unknown;
      return (list as { items: ScheduledFlow[] }).items;
    },
    staleTime: 30_000,
  });
}
