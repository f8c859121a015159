// Shapes of the server's JSON API (/api/v1), as the UI reads them. All times are epoch milliseconds.

export type Role = "admin" | "agent";

export interface Me {
  user: {
    id: number;
    account_id: number;
    name: string;
    email: string;
    role: Role;
    chat_visibility: "all" | "department" | "own";
    permissions: { contact_notes: boolean; support_code: boolean };
    department_ids: number[];
  };
  account: { id: number; name: string };
  csrf_token: string;
}

export type ChannelKind = "simulator" | "whatsapp" | "instagram" | "messenger";

export interface ConversationChannel {
  id: number;
  kind: ChannelKind;
  name: string;
}

export interface Conversation {
  id: number;
  kind: "contact" | "internal";
  state: "bot" | "open" | "closed";
  contact: { id: number; name: string | null; phone: string | null; blocked: boolean } | null;
  channel: ConversationChannel | null;
  agent: { id: number; name: string } | null;
  department: { id: number; name: string } | null;
  protocol: string | null;
  service_opened_at: number | null;
  unread: boolean;
  last_message_at: number | null;
  last_message_preview: string | null;
  unanswered_since: number | null;
}

export type MessageStatus = "received" | "pending" | "sent" | "delivered" | "read" | "failed";

export type MessageKind =
  | "text"
  | "image"
  | "audio"
  | "document"
  | "location"
  | "contact"
  | "reaction"
  | "template"
  | "internal"
  | "system";

export interface Message {
  id: number;
  conversation_id: number;
  direction: "inbound" | "outbound";
  kind: MessageKind;
  author: {
    kind: "contact" | "agent" | "flow" | "system" | "business_app";
    user_id: number | null;
    name: string | null;
  };
  text: string | null;
  payload: Record<string, unknown> | null;
  internal: boolean;
  status: MessageStatus;
  error: { code: string | number; title: string } | null;
  created_at: number;
}

export interface Channel {
  id: number;
  kind: ChannelKind;
  name: string;
  simulator_url: string | null;
}

export type View = "all" | "open" | "mine" | "in_service";

export interface ConversationPage {
  items: Conversation[];
  next_cursor: string | null;
}

export interface MessagePage {
  items: Message[];
  has_more: boolean;
}

/** Frames the agent WebSocket (/api/v1/events) sends. */
export type ServerFrame =
  | { type: "hello"; seq: number }
  | {
      type: "event";
      seq: number;
      kind: "message.created" | "message.updated" | "conversation.updated";
      conversation: Conversation;
      message: Message | null;
    }
  | { type: "reload_needed"; seq: number };

export type EventFrame = Extract<ServerFrame, { type: "event" }>;

export interface SimInfo {
  channel: { name: string };
  account: { name: string };
}

export interface SimMessage {
  id: number;
  direction: "inbound" | "outbound";
  kind: string;
  text: string | null;
  status: MessageStatus;
  created_at: number;
  author_name: string | null;
}
