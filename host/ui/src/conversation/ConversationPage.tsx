// The open conversation (/chat/<id>): header, paged history (oldest at top; scrolling up loads
// older pages with `before`), the composer, and beside them the settings panel when its route
// (/chat/<id>/settings) is open (on a phone, instead of them). Everything comes from the cache,
// which live events update in place. Opening it marks it read (L12), and so does a new message
// arriving while it is on screen. A chat that is gone (deleted, or no longer visible) says so.
// The closing dialog (K1–K5) opens from the header's shortcut (C4) or the panel. A message found
// by the search (C2) is shown in place: scrolled to if loaded, otherwise the history shows the
// window around it (older and newer pages as the agent scrolls) until "Ir para as mensagens
// recentes" or a message sent brings back the live history.
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { Outlet, useParams, useRouterState } from "@tanstack/react-router";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { errorMessage, isStatus } from "../api/errors";
import { CloseDialog } from "../closing/CloseDialog";
import { composerMode } from "../composer/sendability";
import { react } from "../composer/send";
import type { Me, Message } from "../api/types";
import { useI18n } from "../i18n";
import { conversationQuery, markRead, messagesQuery } from "../queries/conversations";
import { keys } from "../queries/keys";
import { meQuery } from "../queries/session";
import { applyLocalSnapshot } from "../realtime/cacheSync";
import { addSentMessage, flattenMessages, type Paged } from "../realtime/merge";
import { rowInLists } from "../queries/rowInLists";
import { messagesAroundQuery } from "../queries/messageSearch";
import { EmptyState, ErrorState, LoadingState } from "../ui/States";
import { showToast } from "../ui/toast";
import type { MessagePage } from "../api/types";
import { Composer } from "../composer/Composer";
import { ConversationActionsContext } from "./ConversationActions";
import { ConversationHeader } from "./ConversationHeader";
import { MessageBubble } from "./MessageBubble";
import { MessageSearch } from "./MessageSearch";
import { foldReactions } from "./reactions";

const NEAR_BOTTOM_PX = 80;

export function ConversationPage() {
  const { t } = useI18n();
  const { conversationId } = useParams({ from: "/signed-in/chat/$conversationId" });
  if (!Number.isSafeInteger(conversationId) || conversationId <= 0) {
    return (
      <section className="conversation-pane" data-testid="conversation-pane">
        <ConversationHeader conversation={null} />
        <EmptyState title={t("conv.gone")} />
      </section>
    );
  }
  // A new id is a new screen: no scroll position or read mark carries over.
  return <ConversationPane key={conversationId} id={conversationId} />;
}

function ConversationPane({ id }: { id: number }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data as Me;
  // The list's row stands in for the header until the conversation itself has arrived.
  const conversation = useQuery({ ...conversationQuery(id), placeholderData: () => rowInLists(queryClient, id) });
  const live = useInfiniteQuery(messagesQuery(id));
  // C2: the message picked in the search, and whether the history shows the window around it.
  const [searching, setSearching] = useState(false);
  const [found, setFound] = useState<number | null>(null);
  const [anchor, setAnchor] = useState<number | null>(null);
  const around = useInfiniteQuery({ ...messagesAroundQuery(id, anchor ?? 0), enabled: anchor !== null });
  const history = anchor === null ? live : around;
  const messages = useMemo(() => flattenMessages(history.data), [history.data]);
  // C6: reactions are worn by the messages they react to.
  const { shown, reactionOn, contactReactionOn } = useMemo(() => foldReactions(messages), [messages]);
  const settingsOpen = useRouterState({ select: (s) => s.location.pathname.endsWith("/settings") });
  const [closing, setClosing] = useState(false);
  const actions = useMemo(() => ({ openClose: () => setClosing(true), openSearch: () => setSearching(true) }), []);

  const scrollRef = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  const prependFrom = useRef<number | null>(null);
  const windowed = useRef(false);
  windowed.current = anchor !== null;
  const scrollToFound = useRef(false);

  // L12: read when opened, and again when a new message lands while it is on screen.
  const c = conversation.data;
  const lastMessageAt = c?.last_message_at ?? null;
  useEffect(() => {
    if (!c || !c.unread || document.visibilityState !== "visible") return;
    applyLocalSnapshot(queryClient, { ...c, unread: false }, me.user);
    void markRead(id).catch(() => undefined);
    // Only opening the chat or a new message marks it read: "Marcar como não lido" must stick.
  }, [id, lastMessageAt, c !== undefined]);

  // Messages that arrived while the tab was hidden are read when the agent comes back.
  const unreadRef = useRef(false);
  unreadRef.current = c?.unread ?? false;
  useEffect(() => {
    const onVisible = () => {
      const current = queryClient.getQueryData(keys.conversation(id)) as typeof c;
      if (document.visibilityState === "visible" && unreadRef.current && current) {
        applyLocalSnapshot(queryClient, { ...current, unread: false }, me.user);
        void markRead(id).catch(() => undefined);
      }
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [id, me.user, queryClient]);

  // Keep the reader's place: pinned to the bottom for new messages, or the same message under
  // the eye when older ones are prepended.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const target = scrollToFound.current && found !== null ? el.querySelector(`[data-message-id="${found}"]`) : null;
    if (target) {
      scrollToFound.current = false;
      nearBottom.current = false;
      prependFrom.current = null;
      target.scrollIntoView({ block: "center" });
    } else if (prependFrom.current !== null) {
      el.scrollTop += el.scrollHeight - prependFrom.current;
      prependFrom.current = null;
    } else if (nearBottom.current && !windowed.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages, found]);

  // Around a hit, the newer pages come as the agent scrolls down; while they do not fill the
  // view below it there is nothing to scroll, so they are asked at once.
  useEffect(() => {
    const el = scrollRef.current;
    if (anchor === null || !el || !around.isSuccess) return;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX) loadNewer();
  }, [messages, anchor, around.isSuccess]);

  // Pictures and players that finish loading, or a bubble that grows, keep a reader who is at
  // the bottom there: no jump when live messages or media arrive.
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const el = scrollRef.current;
    const list = listRef.current;
    if (!el || !list || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (nearBottom.current && prependFrom.current === null && !windowed.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  function loadOlder() {
    if (!history.hasNextPage || history.isFetchingNextPage) return;
    prependFrom.current = scrollRef.current?.scrollHeight ?? null;
    void history.fetchNextPage();
  }

  function loadNewer() {
    if (anchor === null || !around.hasPreviousPage || around.isFetchingPreviousPage) return;
    void around.fetchPreviousPage();
  }

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (el.scrollTop < 40) loadOlder();
    if (nearBottom.current) loadNewer();
  }

  /** C2: show a message the search found, where it is in the history. */
  function showFound(messageId: number) {
    scrollToFound.current = true;
    setFound(messageId);
    const loaded = flattenMessages(live.data).some((m) => m.id === messageId);
    setAnchor(loaded ? null : messageId);
  }

  function backToLatest() {
    nearBottom.current = true;
    setAnchor(null);
    setFound(null);
  }

  const onSent = useCallback(
    (m: Message) => {
      // What was just sent is at the end of the live history: show that.
      setAnchor(null);
      nearBottom.current = true;
      queryClient.setQueryData(keys.messages(id), (data: Paged<MessagePage> | undefined) => (data ? addSentMessage(data, m) : data));
    },
    [id, queryClient],
  );

  // C6: reactions go to the contact, so only while free-form messages may (S4).
  const canReact = c ? composerMode(c, Math.max(Date.now(), c.last_message_at ?? 0)) === "free" : false;
  const onReact = useCallback(
    (m: Message, emoji: string | null) => {
      react(id, m.id, emoji).then(
        (sent) => queryClient.setQueryData(keys.messages(id), (data: Paged<MessagePage> | undefined) => (data ? addSentMessage(data, sent) : data)),
        (err: unknown) => showToast(errorMessage(err), "error"),
      );
    },
    [id, queryClient],
  );

  if (conversation.isError) {
    const gone = isStatus(conversation.error, 404) || isStatus(conversation.error, 403);
    return (
      <section className="conversation-pane" data-testid="conversation-pane">
        <ConversationHeader conversation={null} />
        {gone ? (
          <EmptyState title={t("conv.gone")} />
        ) : (
          <ErrorState message={errorMessage(conversation.error)} onRetry={() => void conversation.refetch()} />
        )}
      </section>
    );
  }

  return (
    <ConversationActionsContext.Provider value={actions}>
      <div className={settingsOpen ? "conversation-view with-settings" : "conversation-view"}>
        <section className="conversation-pane" data-testid="conversation-pane">
          <ConversationHeader conversation={c ?? null} settingsOpen={settingsOpen} />
          {searching && (
            <MessageSearch
              conversation={c ?? null}
              conversationId={id}
              onPick={showFound}
              onClose={() => {
                setSearching(false);
                setFound(null);
              }}
            />
          )}
          <div className="history" ref={scrollRef} onScroll={onScroll}>
            {history.hasNextPage && (
              <button type="button" className="btn btn-ghost load-older" disabled={history.isFetchingNextPage} onClick={loadOlder}>
                {history.isFetchingNextPage ? t("common.loading") : t("conv.loadOlder")}
              </button>
            )}
            {history.isPending && <LoadingState />}
            {history.isError && <ErrorState message={errorMessage(history.error)} onRetry={() => void history.refetch()} />}
            {history.isSuccess && messages.length === 0 && <EmptyState title={t("conv.noMessages")} />}
            <ul className="messages" ref={listRef}>
              {shown.map((m) => (
                <MessageBubble
                  key={m.id}
                  message={m}
                  conversation={c ?? null}
                  me={me}
                  reaction={reactionOn.get(m.id)}
                  contactReaction={contactReactionOn.get(m.id)}
                  found={m.id === found}
                  onReact={canReact && isReactable(m) ? onReact : undefined}
                />
              ))}
            </ul>
            {anchor !== null && around.hasPreviousPage && (
              <button type="button" className="btn btn-ghost load-older" disabled={around.isFetchingPreviousPage} onClick={loadNewer}>
                {around.isFetchingPreviousPage ? t("common.loading") : t("conv.loadNewer")}
              </button>
            )}
          </div>
          {anchor !== null && (
            <button type="button" className="btn btn-primary back-to-latest" onClick={backToLatest}>
              {t("conv.backToLatest")}
            </button>
          )}
          {c && <Composer conversation={c} onSent={onSent} />}
        </section>
        <Outlet />
        {closing && c && <CloseDialog conversation={c} onClose={() => setClosing(false)} />}
      </div>
    </ConversationActionsContext.Provider>
  );
}

/** C6: agents react to the contact's own messages (not to reactions, notes or system lines). */
function isReactable(m: Message): boolean {
  return m.direction === "inbound" && m.author.kind === "contact" && !m.internal && m.kind !== "reaction" && m.kind !== "system";
}
