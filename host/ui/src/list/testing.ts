// Test helpers: a conversation snapshot with defaults, for the pure modules' unit tests.
import type { Conversation } from "../api/types";
import type { Viewer } from "./access";

export function conv(id: number, over: Partial<Conversation> = {}): Conversation {
  return {
    id,
    kind: "contact",
    state: "open",
    unread: false,
    echo_mode: false,
    contact: { id: id * 10, name: `Contato ${id}`, phone: `55219999${String(id).padStart(5, "0")}`, blocked: false, campaign: null },
    channel: { id: 1, kind: "whatsapp", name: "Loja" },
    agent: null,
    department: null,
    protocol: null,
    last_message_at: id * 1000,
    service_opened_at: id * 1000,
    ...over,
  };
}

export const me: Viewer = { id: 7, chat_visibility: "all", department_ids: [1] };
