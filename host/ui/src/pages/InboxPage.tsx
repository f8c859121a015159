// The inbox (/): the live conversation list on the left, the open conversation on the right.
// Owns the list state and applies realtime events to it; a list load buffers the events that
// arrive meanwhile and replays them on top of the fetched page, so nothing is missed.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../api";
import { applySnapshot, appendPage, type ListFilter } from "../conversations";
import { useI18n } from "../i18n";
import { realtime } from "../realtime";
import type { Conversation, EventFrame, Me } from "../types";
import { ChannelsPanel } from "../components/ChannelsPanel";
import { ConversationList } from "../components/ConversationList";
import { ConversationPane } from "../components/ConversationPane";
import { ResyncBanner } from "../components/ResyncBanner";
import { TopBar } from "../components/TopBar";
import { ViewTabs } from "../components/ViewTabs";

interface Props {
  me: Me;
  onLogout: () => void;
}

export function InboxPage({ me, onLogout }: Props) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<ListFilter>({ view: "all", internalOnly: false });
  const [items, setItems] = useState<Conversation[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [listError, setListError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  const [ready, setReady] = useState(false);
  const [channelsOpen, setChannelsOpen] = useState(false);

  const filterRef = useRef(filter);
  filterRef.current = filter;
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;
  /** Non-null while a list load is in flight: events wait here until the page has arrived. */
  const bufferRef = useRef<EventFrame[] | null>(null);
  const loadGeneration = useRef(0);

  const loadList = useCallback(async () => {
    const generation = ++loadGeneration.current;
    const f = filterRef.current;
    bufferRef.current = [];
    setLoading(true);
    try {
      const page = await api.listConversations({ view: f.view, internalOnly: f.internalOnly });
      if (generation !== loadGeneration.current) return;
      let list = page.items;
      for (const ev of bufferRef.current ?? []) list = applySnapshot(list, ev.conversation, f, me);
      setItems(list);
      setNextCursor(page.next_cursor);
      setListError(null);
    } catch (err) {
      if (generation === loadGeneration.current) setListError(errorMessage(err));
    } finally {
      if (generation === loadGeneration.current) {
        bufferRef.current = null;
        setLoading(false);
      }
    }
  }, [me]);

  // The live stream: start it, and fetch the list only once it is connected (or has failed),
  // so that every change after the fetch arrives as an event.
  useEffect(() => {
    const offReady = realtime.onReady(() => setReady(true));
    const offStatus = realtime.subscribeStatus(() => {
      if (realtime.status === "dropped" || realtime.status === "unreachable") setReady(true);
    });
    const offReload = realtime.onReloadNeeded(() => {
      void loadList();
      setReloadToken((n) => n + 1);
    });
    const offEvent = realtime.onEvent((ev) => {
      if (bufferRef.current) {
        bufferRef.current.push(ev);
        return;
      }
      let c = ev.conversation;
      // A new contact message in the conversation on screen is read at once.
      const onScreen = c.id === selectedRef.current && document.visibilityState === "visible";
      if (onScreen && c.unread && ev.kind === "message.created") {
        c = { ...c, unread: false };
        void api.markRead(c.id).catch(() => undefined);
      }
      setItems((list) => applySnapshot(list, c, filterRef.current, me));
    });
    realtime.start();
    return () => {
      offReady();
      offStatus();
      offReload();
      offEvent();
      realtime.stop();
    };
  }, [loadList, me]);

  useEffect(() => {
    if (ready) void loadList();
  }, [ready, filter, loadList]);

  async function loadMore() {
    if (!nextCursor || loadingMore) return;
    setLoadingMore(true);
    const f = filter;
    try {
      const page = await api.listConversations({
        view: f.view,
        internalOnly: f.internalOnly,
        cursor: nextCursor,
      });
      if (filterRef.current !== f) return;
      setItems((list) => appendPage(list, page.items));
      setNextCursor(page.next_cursor);
    } catch (err) {
      setListError(errorMessage(err));
    } finally {
      setLoadingMore(false);
    }
  }

  function select(id: number) {
    setSelectedId(id);
    setItems((list) => list.map((c) => (c.id === id && c.unread ? { ...c, unread: false } : c)));
  }

  async function markUnread(id: number) {
    try {
      await api.markUnread(id);
      setItems((list) => list.map((c) => (c.id === id ? { ...c, unread: true } : c)));
    } catch (err) {
      setListError(errorMessage(err));
    }
  }

  const selected = items.find((c) => c.id === selectedId);

  return (
    <div className="inbox">
      <TopBar
        me={me}
        channelsOpen={channelsOpen}
        onToggleChannels={() => setChannelsOpen((o) => !o)}
        onLogout={onLogout}
      />
      {channelsOpen && <ChannelsPanel me={me} onClose={() => setChannelsOpen(false)} />}
      <ResyncBanner />
      <div className="inbox-body">
        <aside className="list-column">
          <ViewTabs
            filter={filter}
            onChange={(f) => {
              setItems([]);
              setNextCursor(null);
              setFilter(f);
            }}
          />
          <ConversationList
            items={items}
            loading={loading && items.length === 0}
            error={listError}
            selectedId={selectedId}
            hasMore={nextCursor !== null}
            loadingMore={loadingMore}
            onSelect={select}
            onMarkUnread={markUnread}
            onLoadMore={loadMore}
          />
        </aside>
        <main className="pane-column">
          {selectedId === null ? (
            <div className="pane-empty">{t("conv.select")}</div>
          ) : (
            <ConversationPane
              key={selectedId}
              conversationId={selectedId}
              initial={selected ?? null}
              me={me}
              reloadToken={reloadToken}
            />
          )}
        </main>
      </div>
    </div>
  );
}
