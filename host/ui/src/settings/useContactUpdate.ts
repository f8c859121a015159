// Changes to the contact from the settings panel: each call's answer (the contact as the
// server now has it) goes into the cache, and the open chat and list rows follow its name and
// lock at once (queries/contact.ts).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Contact, Conversation, Me } from "../api/types";
import { storeContact } from "../queries/contact";
import { meQuery } from "../queries/session";

export function useContactUpdate(conversation: Conversation | undefined): (change: Promise<Contact>) => Promise<Contact> {
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data as Me;
  return useCallback(
    async (change) => {
      const contact = await change;
      storeContact(queryClient, contact, conversation, me);
      return contact;
    },
    [queryClient, conversation, me],
  );
}
