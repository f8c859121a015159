// The open conversation: header, paged history (oldest at top; scrolling up or "Carregar mais"
// fetches older pages with before=), live messages from the realtime stream, and the composer.
// Opening it marks it read (L12). A reloadToken bump (reload_needed) refetches it in place.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { api, errorMessage } from "../api";
import { useI18n } from "../i18n";
import { addMessage, mergeMessages, upsertMessage } from "../messages";
import { realtime } from "../realtime";
import type { Conversation, EventFrame, Me, Message } from "../types";
import { Composer } from "./Composer";
import { ConversationHeader } from "./ConversationHeader";
import { MessageBubble } from "./MessageBubble";

const PAGE = 50;
const NEAR_BOTTOM_PX = 80;

interface Props {
  conversationId: number;
  initial: Conversation | null;
  me: Me;
  reloadToken: number;
}

export function ConversationPane({ conversationId, initial, me, reloadToken }: Props) {
  const { t } = useI18n();
  const [conversation, setConversation] = useState<Conversation | null>(initial);
  const [messages, setMessages] = useState<Message[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const scrollRef = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  /** scrollHeight before older messages were prepended, to keep the view where it was. */
  const prependFrom = useRef<number | null>(null);
  const bufferRef = useRef<EventFrame[] | null>(null);
  const generation = useRef(0);

  // Live changes to this conversation; held back while a (re)load is in flight.
  useEffect(
    () =>
      realtime.onEvent((ev) => {
        if (ev.conversation.id !== conversationId) return;
        if (bufferRef.current) {
          bufferRef.current.push(ev);
          return;
        }
        setConversation(ev.conversation);
        if (ev.message) setMessages((list) => upsertMessage(list, ev.message!));
      }),
    [conversationId],
  );

  // First load, and again in place on reload_needed.
  useEffect(() => {
    const gen = ++generation.current;
    bufferRef.current = [];
    setLoading(true);
    Promise.all([api.getConversation(conversationId), api.listMessages(conversationId, null, PAGE)])
      .then(([conv, page]) => {
        if (gen !== generation.current) return;
        let list = page.items;
        let latest = conv;
        for (const ev of bufferRef.current ?? []) {
          latest = ev.conversation;
          if (ev.message) list = upsertMessage(list, ev.message);
        }
        nearBottom.current = true;
        setConversation(latest);
        setMessages(list);
        setHasMore(page.has_more);
        setError(null);
      })
      .catch((err: unknown) => {
        if (gen === generation.current) setError(errorMessage(err));
      })
      .finally(() => {
        if (gen === generation.current) {
          bufferRef.current = null;
          setLoading(false);
        }
      });
  }, [conversationId, reloadToken]);

  useEffect(() => {
    void api.markRead(conversationId).catch(() => undefined);
  }, [conversationId]);

  // Messages that arrived while the tab was in the background are read when the agent comes back.
  const unreadRef = useRef(false);
  unreadRef.current = conversation?.unread ?? false;
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible" && unreadRef.current) {
        void api.markRead(conversationId).catch(() => undefined);
      }
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [conversationId]);

  const loadOlder = useCallback(async () => {
    if (loadingOlder || !hasMore || messages.length === 0) return;
    setLoadingOlder(true);
    try {
      const page = await api.listMessages(conversationId, messages[0].id, PAGE);
      prependFrom.current = scrollRef.current?.scrollHeight ?? null;
      setMessages((list) => mergeMessages(list, page.items));
      setHasMore(page.has_more);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoadingOlder(false);
    }
  }, [conversationId, hasMore, loadingOlder, messages]);

  // Keep the reader's place: stay pinned to the bottom for new messages, or keep the same
  // message under the eye when older ones are prepended.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (prependFrom.current !== null) {
      el.scrollTop += el.scrollHeight - prependFrom.current;
      prependFrom.current = null;
    } else if (nearBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages]);

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (el.scrollTop < 40 && hasMore && !loadingOlder && !loading) void loadOlder();
  }

  return (
    <section className="conversation-pane" data-testid="conversation-pane">
      {conversation && <ConversationHeader conversation={conversation} />}
      <div className="history" ref={scrollRef} onScroll={onScroll}>
        {hasMore && (
          <button type="button" className="btn btn-ghost load-older" disabled={loadingOlder} onClick={loadOlder}>
            {loadingOlder ? t("common.loading") : t("conv.loadOlder")}
          </button>
        )}
        {loading && messages.length === 0 && <p className="muted history-note">{t("common.loading")}</p>}
        {error && (
          <p className="error-text history-note" role="alert">
            {error}
          </p>
        )}
        {!loading && !error && messages.length === 0 && <p className="muted history-note">{t("conv.noMessages")}</p>}
        <ul className="messages">
          {messages.map((m) => (
            <MessageBubble key={m.id} message={m} conversation={conversation} me={me} />
          ))}
        </ul>
      </div>
      <Composer
        conversationId={conversationId}
        allowInternalToggle={conversation?.kind !== "internal"}
        blocked={conversation?.contact?.blocked ?? false}
        onSent={(m) => {
          nearBottom.current = true;
          setMessages((list) => addMessage(list, m));
        }}
      />
    </section>
  );
}
