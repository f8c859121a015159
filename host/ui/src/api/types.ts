// Names for the server's JSON shapes, all taken from the generated schema.d.ts (scripts/check-api-types
// keeps it equal to /api/openapi.json): nothing here restates a field by hand.
import type { components, operations } from "./schema";

type Schemas = components["schemas"];

export type Me = Schemas["Me"];
export type User = Schemas["UserView"];
export type Conversation = Schemas["ConversationView"];
export type ConversationPage = Schemas["ConversationList"];
export type ViewCounts = Schemas["ViewCounts"];
export type Message = Schemas["MessageView"];
export type MessagePage = Schemas["MessageList"];
export type MessageStatus = Schemas["MessageStatus"];
export type MessageKind = Schemas["MessageKind"];
export type Channel = Schemas["ChannelView"];
export type Tag = Schemas["TagView"];
export type Department = Schemas["DepartmentView"];
export type Template = Schemas["TemplateView"];
export type TemplatePreview = Schemas["TemplatePreview"];
export type StartChat = Schemas["StartChat"];
export type StartedChat = Schemas["StartedChatView"];
export type ChatTarget = Schemas["ChatTarget"];
export type WindowView = Schemas["WindowView"];
export type TimerColour = Schemas["TimerColour"];
export type SimInfo = Schemas["SimulatorInfo"];
export type SimMessage = Schemas["SimMessage"];
export type ErrorBody = Schemas["ErrorBody"];
export type Contact = Schemas["ContactView"];
export type ContactPatch = Schemas["ContactPatch"];
export type ContactPage = Schemas["ContactPage"];
export type ContactImport = Schemas["ContactImportView"];
export type Company = Schemas["CompanyView"];
export type NewCompany = Schemas["NewCompany"];
export type ImportField = Schemas["ImportField"];
export type ImportState = Schemas["ImportState"];
export type Duplicates = Schemas["Duplicates"];
export type Broadcast = Schemas["BroadcastView"];
export type BroadcastState = Schemas["BroadcastState"];
export type BroadcastTotals = Schemas["BroadcastTotals"];
export type BroadcastInput = Schemas["BroadcastInput"];
export type BroadcastRecipient = Schemas["RecipientView"];
export type BroadcastRecipientPage = Schemas["RecipientPage"];
export type RecipientState = Schemas["RecipientState"];
/** A filter on the contacts, as the server takes it in a body (a broadcast's audience: A7). */
export type ContactFilterBody = Schemas["ContactFilter"];
export type Note = Schemas["NoteView"];
export type CustomField = Schemas["CustomFieldView"];
export type ClosingFieldView = Schemas["ClosingFieldView"];
export type ScheduledMessage = Schemas["ScheduledMessageView"];
export type ScheduledFlow = Schemas["ScheduledFlowView"];
export type Appointment = Schemas["AppointmentView"];
export type Availability = Schemas["Availability"];
export type FreeSlot = Schemas["Slot"];
export type QuickReply = Schemas["QuickReplyView"];
export type MediaItem = Schemas["MediaItemView"];
export type FlowSummary = Schemas["FlowSummary"];
export type FlowSession = Schemas["SessionView"];
export type SupportCode = Schemas["SupportCode"];
export type SimChoices = Schemas["SimChoices"];
export type Notification = Schemas["NotificationView"];
export type NotificationPage = Schemas["NotificationPage"];
export type PushKey = Schemas["PushKey"];
export type NewPushSubscription = Schemas["NewPushSubscription"];
export type PushSubscriptionView = Schemas["PushSubscriptionView"];
// The "Painel" (the admins' dashboard).
export type Dashboard = Schemas["DashboardView"];
export type DashboardPeriod = Schemas["Period"];
export type DashboardDay = Schemas["DayFigures"];
export type DashboardDurations = Schemas["Durations"];
export type DurationStat = Schemas["DurationStat"];
export type DurationBy = Schemas["StatBy"];
export type ChannelMessages = Schemas["ChannelMessages"];
export type CampaignFigures = Schemas["CampaignFigures"];
export type Waiting = Schemas["Waiting"];
export type WaitingIn = Schemas["WaitingIn"];
// The audit log (issue 17 part 4).
export type AuditEntry = Schemas["AuditEntryView"];
export type AuditPage = Schemas["AuditPage"];
// Sessions and passwords (issue 17 part 5): a signed-in session (not a flow's: FlowSession).
export type SessionView = Schemas["LoginSessionView"];
export type SessionList = Schemas["LoginSessionList"];
export type SessionsEnded = Schemas["SessionsEnded"];
export type OwnPasswordChange = Schemas["OwnPasswordChange"];
// The reseller console (A1, A2).
export type ResellerMe = Schemas["ResellerMe"];
export type ResellerUser = Schemas["ResellerUserView"];
export type ResellerAccount = Schemas["ResellerAccountView"];
export type AccountUsage = Schemas["AccountUsage"];
export type OpenAccount = Schemas["OpenAccount"];
export type SupportCodeMatch = Schemas["SupportCodeMatch"];

/** The list's query parameters, exactly as the server's operation takes them. */
export type ConversationQuery = NonNullable<operations["list_conversations"]["parameters"]["query"]>;

/** The contacts list's query parameters (A6, S17), exactly as the server's operation takes them. */
export type ContactQuery = NonNullable<operations["list_contacts"]["parameters"]["query"]>;

/**
 * The agent WebSocket's frames (GET /api/v1/events). The document describes them only in the
 * route's text (a WebSocket has no response schema), so the envelope is spelled here; what it
 * carries is the generated ConversationView and MessageView.
 */
export type EventKind =
  | "message.created"
  | "message.updated"
  | "conversation.updated"
  | "conversation.closed"
  | "conversation.deleted";

/** A change to a conversation or its messages: what the cache binding applies. */
export type EventFrame = { type: "event"; seq: number; kind: EventKind; conversation: Conversation; message: Message | null };

/**
 * N1: something that concerns the user happened (a contact wrote in their or their department's
 * chat, a chat was handed to them): the bell is asked again, and it is when the sound (N2) may
 * play. Sent only to the users it names; it carries no conversation.
 */
export type NotificationsFrame = {
  type: "event";
  seq: number;
  kind: "notifications.changed";
  users: number[];
  /** "removed" when the user deleted or cleared notifications (no sound); absent or "new" otherwise. */
  reason?: "new" | "removed";
};

export type ServerFrame =
  | { type: "hello"; seq: number }
  | EventFrame
  | NotificationsFrame
  | { type: "reload_needed"; seq: number }
  // The answers to the page's presence frame (N1–N3).
  | { type: "presence_saved" }
  | { type: "error"; message: string };

