// A conversation as a loaded list page has it, to show at once while its own fetch runs.
import type { QueryClient } from "@tanstack/react-query";
import type { Conversation, ConversationPage } from "../api/types";
import type { Paged } from "../realtime/merge";
import { keys } from "./keys";

export function rowInLists(queryClient: QueryClient, id: number): Conversation | undefined {
  for (const [, data] of queryClient.getQueriesData<Paged<ConversationPage>>({ queryKey: keys.lists })) {
    const found = data?.pages.flatMap((p) => p.items).find((c) => c.id === id);
    if (found) return found;
  }
  return undefined;
}
