// The cache's keys, in one place: the realtime binder finds the lists, conversations and
// histories it updates by these prefixes.
import type { AuditFilter } from "../admin/auditActions";
import type { DashboardPeriod } from "../api/types";
import type { AudienceFilter } from "../broadcasts/broadcastDraft";
import type { RecipientFilter } from "../broadcasts/broadcastView";
import type { ContactFilterQuery } from "../contacts/contactFilter";
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
  // Not under "messages": live events do not touch a search's results or the window around a hit.
  messageSearches: ["message-search"] as const,
  messageSearch: (id: number, q: string) => ["message-search", id, q] as const,
  messagesArounds: ["messages-around"] as const,
  messagesAround: (id: number, anchor: number) => ["messages-around", id, anchor] as const,
  tags: ["tags"] as const,
  departments: ["departments"] as const,
  users: ["users"] as const,
  channels: ["channels"] as const,
  templates: (channelId: number) => ["templates", channelId] as const,
  templateSearch: (channelId: number, search: string) => ["templates", channelId, "search", search] as const,
  contacts: ["contact"] as const,
  contact: (id: number) => ["contact", id] as const,
  notes: (contactId: number) => ["notes", contactId] as const,
  // The admin's "Contatos" list (A6), one entry per filter; not under "contact" (one contact).
  contactLists: ["contacts", "list"] as const,
  contactList: (filter: ContactFilterQuery) => ["contacts", "list", filter] as const,
  // "Empresas" (A6, S3), one entry per search; a contact's change moves their counts.
  companies: ["companies"] as const,
  companyList: (search: string) => ["companies", search] as const,
  importFields: ["contact-imports", "fields"] as const,
  contactImports: ["contact-imports", "list"] as const,
  contactImport: (id: number) => ["contact-imports", id] as const,
  // "Transmissões" (A7): the list, one broadcast, its recipients (under the broadcast: asking
  // for it again asks for them too) and the audience counted while the form is filled.
  broadcasts: ["broadcasts", "list"] as const,
  broadcast: (id: number) => ["broadcasts", id] as const,
  broadcastRecipients: (id: number, state: RecipientFilter) => ["broadcasts", id, "recipients", state] as const,
  broadcastAudience: (channelId: number, filter: AudienceFilter) => ["broadcasts", "audience", channelId, filter] as const,
  scheduledMessages: (conversationId: number) => ["scheduled-messages", conversationId] as const,
  flowSessions: (conversationId: number) => ["flow-sessions", conversationId] as const,
  scheduledFlows: (conversationId: number) => ["scheduled-flows", conversationId] as const,
  appointments: (contactId: number) => ["appointments", contactId] as const,
  // "Agenda de atendimentos" (S9): the account's upcoming appointments (under "appointments", so
  // what refreshes a contact's refreshes these too), its availability and the free slots it leaves.
  accountAppointments: ["appointments", "account"] as const,
  availability: ["availability"] as const,
  freeSlots: ["availability", "free-slots"] as const,
  quickReplies: ["quick-replies"] as const,
  mediaLibrary: ["media-library"] as const,
  closingFields: ["closing-fields"] as const,
  customFields: ["custom-fields"] as const,
  flows: ["flows"] as const,
  supportCode: ["support-code"] as const,
  // Signed-in sessions (issue 17 part 5): one's own on "Meu Perfil", a user's in "Usuários".
  sessions: ["sessions"] as const,
  mySessions: ["sessions", "me"] as const,
  userSessions: (userId: number) => ["sessions", "user", userId] as const,
  // "Registro de auditoria" (issue 17 part 4), one entry per filter; nothing live touches it.
  audit: (filter: AuditFilter) => ["audit", filter] as const,
  // Not under any conversation prefix: the live binder never applies events to it (N1).
  notifications: ["notifications"] as const,
  pushSubscription: (device: string) => ["push-subscription", device] as const,
  // The "Painel" (admins), one entry per period.
  dashboard: (period: DashboardPeriod) => ["dashboard", period] as const,
  // The reseller console (A1, A2): its own session and its accounts, apart from the agent's "me".
  resellerMe: ["reseller", "me"] as const,
  resellerAccounts: ["reseller", "accounts"] as const,
};
