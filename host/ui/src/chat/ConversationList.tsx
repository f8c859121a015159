// The conversation list column, virtualized (@tanstack/react-virtual): only the rows on screen
// are in the page, so 10,000 open chats scroll as smoothly as ten. Pages of the server's list
// load as the end comes near; live events change rows in place (realtime/cacheSync.ts).
// Up/Down move between rows.
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from "react";
import { errorMessage } from "../api/errors";
import type { Conversation, Me } from "../api/types";
import { useI18n } from "../i18n";
import { activeFilterCount, type ListFilter } from "../list/filter";
import { listQuery, markRead, markUnread } from "../queries/conversations";
import { applyLocalSnapshot } from "../realtime/cacheSync";
import { EmptyState, ErrorState, LoadingState } from "../ui/States";
import { showToast } from "../ui/toast";
import { ConversationRow, ROW_HEIGHT } from "./ConversationRow";

/** Start loading the next page this many rows before the end. */
const PREFETCH_ROWS = 30;

interface Props {
  me: Me;
  filter: ListFilter;
  selectedId: number | null;
  onClearFilters: () => void;
}

export function ConversationList({ me, filter, selectedId, onClearFilters }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const query = useInfiniteQuery(listQuery(filter));
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (i) => items[i]?.id ?? i,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastVisible = virtualRows[virtualRows.length - 1]?.index ?? 0;

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastVisible >= items.length - PREFETCH_ROWS) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastVisible, items.length]);

  // A new filter starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filter]);

  const setUnread = useCallback(
    async (c: Conversation, unread: boolean) => {
      const viewer = me.user;
      applyLocalSnapshot(queryClient, { ...c, unread }, viewer);
      try {
        await (unread ? markUnread(c.id) : markRead(c.id));
      } catch (err) {
        applyLocalSnapshot(queryClient, c, viewer);
        showToast(errorMessage(err), "error");
      }
    },
    [me.user, queryClient],
  );
  const onMarkUnread = useCallback((c: Conversation) => void setUnread(c, true), [setUnread]);
  const onMarkRead = useCallback((c: Conversation) => void setUnread(c, false), [setUnread]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const from = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>("[data-row-index]");
    if (!from) return;
    e.preventDefault();
    const next = Number(from.dataset.rowIndex) + (e.key === "ArrowDown" ? 1 : -1);
    if (next < 0 || next >= items.length) return;
    const target = () => scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${next}"]`);
    virtualizer.scrollToIndex(next);
    // A row already on screen takes the focus now; one scrolled in, once it is rendered.
    const now = target();
    if (now) now.focus();
    else requestAnimationFrame(() => target()?.focus());
  }

  let state = null;
  if (query.isPending) state = <LoadingState />;
  else if (query.isError) state = <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  else if (items.length === 0)
    state = (
      <EmptyState title={filter.q ? t("list.noResults") : t("list.empty")}>
        {(activeFilterCount(filter) > 0 || filter.q) && (
          <button type="button" className="btn btn-ghost" onClick={onClearFilters}>
            {t("filters.clear")}
          </button>
        )}
      </EmptyState>
    );

  return (
    <div className="conversation-list" data-testid="conversation-list" ref={scrollRef} onKeyDown={onKeyDown}>
      {state}
      {items.length > 0 && (
        <ul className="rows" style={{ height: virtualizer.getTotalSize() }} aria-label={t("list.label")} aria-busy={query.isFetching}>
          {virtualRows.map((row) => {
            const c = items[row.index];
            return (
              <ConversationRow
                key={c.id}
                conversation={c}
                selected={c.id === selectedId}
                index={row.index}
                count={hasNextPage ? -1 : items.length}
                top={row.start}
                onMarkUnread={onMarkUnread}
                onMarkRead={onMarkRead}
              />
            );
          })}
        </ul>
      )}
      {isFetchingNextPage && <p className="muted list-note">{t("common.loading")}</p>}
    </div>
  );
}
