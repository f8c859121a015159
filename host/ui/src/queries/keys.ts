// The cache's keys, in one place: the realtime binder finds the lists, conversations and
// histories it updates by these prefixes.
import type { ListFilter } from "../list/filter";

export const keys = {
  me: ["me"] as const,
  counts: ["counts"] as const,
  lists: ["conversations", "list"] as const,
  list: (filter: ListFilter) => ["conversations", "list", filter] as const,
  conversations: ["conversation"] as const,
  conversation: (id: number) => ["conversation", id] as const,
  histories: ["messages"] as const,
  messages: (id: number) => ["messages", id] as const,
  tags: ["tags"] as const,
  departments: ["departments"] as const,
  users: ["users"] as const,
  channels: ["channels"] as const,
  templates: (channelId: number) => ["templates", channelId] as const,
};
