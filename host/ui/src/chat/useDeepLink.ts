// A5: /chat?target_phone=21999999999 opens the contact's chat when the user may see one, or
// "Novo chat" with the phone filled in (GET /chat-target decides). Hyphens are fine; a phone the
// server refuses (parentheses) opens "Novo chat" with the server's message on the number.
import { useNavigate } from "@tanstack/react-router";
import { useEffect } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { ChatSearch } from "../list/filter";

export interface NewChatSeed {
  phone?: string;
  phoneError?: string;
}

export function useDeepLink(search: ChatSearch, openNewChat: (seed: NewChatSeed) => void): void {
  const navigate = useNavigate();
  const targetPhone = search.target_phone;

  useEffect(() => {
    if (!targetPhone) return;
    let cancelled = false;
    const { target_phone: _, ...rest } = search;
    call(http.GET("/api/v1/chat-target", { params: { query: { target_phone: targetPhone } } })).then(
      (target) => {
        if (cancelled) return;
        if (target.conversation_id != null) {
          void navigate({
            to: "/chat/$conversationId",
            params: { conversationId: target.conversation_id },
            search: rest,
            replace: true,
          });
        } else {
          openNewChat({ phone: targetPhone });
          void navigate({ to: "/chat", search: rest, replace: true });
        }
      },
      (err: unknown) => {
        if (cancelled) return;
        openNewChat({ phone: targetPhone, phoneError: errorMessage(err) });
        void navigate({ to: "/chat", search: rest, replace: true });
      },
    );
    return () => {
      cancelled = true;
    };
    // Only a new target_phone starts a resolution; the rest of the search rides along.
  }, [targetPhone]);
}
