// A contact as the settings panel shows it (S1–S6, S11, S12, S17) and its notes (S6). Live
// events carry conversations, not contacts: a conversation.updated of one of the contact's
// chats asks for the contact again while the panel shows it (realtime/cacheSync.ts), and every
// change made here writes the server's answer into the cache.
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { Contact, Conversation, Me } from "../api/types";
import { applyLocalSnapshot } from "../realtime/cacheSync";
import { keys } from "./keys";

export function contactQuery(id: number) {
  return queryOptions({
    queryKey: keys.contact(id),
    queryFn: () => call(http.GET("/api/v1/contacts/{id}", { params: { path: { id } } })),
    staleTime: 30_000,
  });
}

export function notesQuery(contactId: number) {
  return queryOptions({
    queryKey: keys.notes(contactId),
    queryFn: async () => (await call(http.GET("/api/v1/contacts/{id}/notes", { params: { path: { id: contactId } } }))).items,
    staleTime: 30_000,
    retry: false,
  });
}

/**
 * Keeps the caches true after the contact changed here: the contact itself, and its name and
 * lock on the open chat and the list rows (the server's event follows, and agrees).
 */
export function storeContact(queryClient: QueryClient, contact: Contact, conversation: Conversation | undefined, me: Me): void {
  queryClient.setQueryData(keys.contact(contact.id), contact);
  if (conversation?.contact && conversation.contact.id === contact.id) {
    applyLocalSnapshot(
      queryClient,
      { ...conversation, contact: { ...conversation.contact, name: contact.name, blocked: contact.blocked, phone: contact.phone } },
      me.user,
    );
  }
}
