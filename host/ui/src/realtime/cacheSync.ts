// Binds the live stream to the query cache: each event updates, in place, every loaded list
// (placed by its filter and sort, or removed when deleted or no longer visible), the open
// conversation and its history; the view counts are asked again at most a few times a second.
// Events that arrived while a fetch was in flight are re-applied to its answer. Events carry
// conversations, not contacts, a chat's schedules or a contact's appointments: while the
// settings panel shows them, a change to the conversation (not a message) asks for those
// again, and nothing else.
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { Conversation, ConversationPage, EventFrame, MessagePage } from "../api/types";
import type { Viewer } from "../list/access";
import { canSee } from "../list/access";
import type { ListFilter } from "../list/filter";
import { keys } from "../queries/keys";
import { eventSince, noteConversationEvent } from "./conversationSeq";
import { takeFetchStart } from "./fetchMarks";
import { applyToList, upsertMessage, type Paged } from "./merge";
import { realtime } from "./socket";

/** How many recent events are kept to re-apply to answers that raced them. */
const RECENT_EVENTS = 2000;
const COUNTS_DEBOUNCE_MS = 300;

/** What one event does to one cached query's data; `stale` asks for a refetch of that query. */
function applyEvent(
  key: QueryKey,
  data: unknown,
  ev: EventFrame,
  viewer: Viewer,
): { data: unknown; stale: boolean } {
  const c = ev.conversation;
  const gone = ev.kind === "conversation.deleted" || !canSee(viewer, c);
  if (key[0] === keys.lists[0] && key[1] === keys.lists[1]) {
    const merged = applyToList(data as Paged<ConversationPage>, c, key[2] as ListFilter, viewer, gone);
    return merged;
  }
  if (key[0] === keys.conversations[0] && key[1] === c.id) {
    // A chat that went away is asked again: the pane then shows the server's 404.
    return gone ? { data, stale: true } : { data: c, stale: false };
  }
  if (key[0] === keys.histories[0] && key[1] === c.id && ev.message) {
    return { data: upsertMessage(data as Paged<MessagePage>, ev.message), stale: false };
  }
  return { data, stale: false };
}

/** Whether an event can touch the query (lists: all; a conversation or history: its own). */
function concerns(key: QueryKey, ev: EventFrame): boolean {
  if (key[0] === keys.lists[0]) return key[1] === keys.lists[1];
  if (key[0] === keys.conversations[0] || key[0] === keys.histories[0]) return key[1] === ev.conversation.id;
  return false;
}

export function bindRealtimeToCache(queryClient: QueryClient, viewer: () => Viewer): () => void {
  const recent: EventFrame[] = [];
  let countsTimer: ReturnType<typeof setTimeout> | undefined;
  const cache = queryClient.getQueryCache();

  const refreshCounts = () => {
    clearTimeout(countsTimer);
    countsTimer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: keys.counts }), COUNTS_DEBOUNCE_MS);
  };

  /** The settings panel's data of this chat, if it is on screen (inactive queries wait). */
  const refreshPanel = (c: Conversation) => {
    const active = { exact: true, refetchType: "active" } as const;
    if (c.contact) {
      void queryClient.invalidateQueries({ queryKey: keys.contact(c.contact.id), ...active });
      void queryClient.invalidateQueries({ queryKey: keys.appointments(c.contact.id), ...active });
    }
    void queryClient.invalidateQueries({ queryKey: keys.flowSessions(c.id), ...active });
    void queryClient.invalidateQueries({ queryKey: keys.scheduledMessages(c.id), ...active });
    void queryClient.invalidateQueries({ queryKey: keys.scheduledFlows(c.id), ...active });
  };

  const applyTo = (key: QueryKey, events: EventFrame[]) => {
    let stale = false;
    queryClient.setQueryData<object>(key, (data) => {
      if (data === undefined) return data;
      let next: unknown = data;
      for (const ev of events) {
        const out = applyEvent(key, next, ev, viewer());
        next = out.data;
        stale ||= out.stale;
      }
      return next as object;
    });
    if (stale) void queryClient.invalidateQueries({ queryKey: key, exact: true });
  };

  const offEvent = realtime.onEvent((ev) => {
    noteConversationEvent(ev.conversation.id, ev.seq);
    recent.push(ev);
    if (recent.length > RECENT_EVENTS) recent.splice(0, recent.length - RECENT_EVENTS);
    for (const query of cache.getAll()) {
      if (query.state.data !== undefined && concerns(query.queryKey, ev)) applyTo(query.queryKey, [ev]);
    }
    refreshCounts();
    if (ev.kind !== "message.created" && ev.kind !== "message.updated") refreshPanel(ev.conversation);
  });

  const offReload = realtime.onReloadNeeded(() => {
    // Too much was missed to replay: ask again for what is loaded (drafts live outside the cache).
    void queryClient.invalidateQueries({ queryKey: keys.me });
    void queryClient.invalidateQueries({ queryKey: keys.lists });
    void queryClient.invalidateQueries({ queryKey: keys.conversations });
    void queryClient.invalidateQueries({ queryKey: keys.histories });
    void queryClient.invalidateQueries({ queryKey: keys.counts });
  });

  const offCache = cache.subscribe((e) => {
    if (e.type !== "updated" || e.action.type !== "success" || e.action.manual) return;
    const from = takeFetchStart(e.query.queryHash);
    if (from === undefined) return;
    const missed = recent.filter((ev) => (from === null || ev.seq > from) && concerns(e.query.queryKey, ev));
    if (missed.length) applyTo(e.query.queryKey, missed);
  });

  // After a resync the user's departments may have changed: read them again.
  let previous = realtime.status;
  const offStatus = realtime.subscribeStatus(() => {
    const was = previous;
    previous = realtime.status;
    if (realtime.status === "live" && was === "resyncing") {
      void queryClient.invalidateQueries({ queryKey: keys.me });
      refreshCounts();
    }
  });

  return () => {
    clearTimeout(countsTimer);
    offEvent();
    offReload();
    offCache();
    offStatus();
  };
}

/** Applies a conversation the user changed here (read mark …) to every loaded list at once. */
export function applyLocalSnapshot(queryClient: QueryClient, c: Conversation, viewer: Viewer): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: keys.lists })) {
    queryClient.setQueryData(query.queryKey, (data: Paged<ConversationPage> | undefined) =>
      data ? applyToList(data, c, query.queryKey[2] as ListFilter, viewer).data : data,
    );
  }
  queryClient.setQueryData(keys.conversation(c.id), (old: Conversation | undefined) => (old ? c : old));
}

/**
 * Applies the chat an action answered with (assign, forward, close …), unless a live event
 * about it arrived since the action began (`since`: the stream's sequence then), which is newer.
 */
export function applyActionResult(queryClient: QueryClient, c: Conversation, viewer: Viewer, since: number | null): void {
  if (eventSince(c.id, since)) return;
  applyLocalSnapshot(queryClient, c, viewer);
}
