// The chat screen (/chat and /chat/<id>): the list column — status views with counts (L1),
// search (L4), order (L3), filters (L2), "Novo chat" (L5) — beside the open conversation. On a
// phone one shows at a time: the list, or the conversation with a way back.
import { useQuery } from "@tanstack/react-query";
import { Outlet, useParams } from "@tanstack/react-router";
import { useCallback, useState } from "react";
import type { Me } from "../api/types";
import { useI18n } from "../i18n";
import { activeFilterCount, clearedFilters, type ChatSearch } from "../list/filter";
import { NewChatDialog } from "../newchat/NewChatDialog";
import { meQuery } from "../queries/session";
import { FilterIcon, PlusIcon } from "../ui/icons";
import { ActiveFilters } from "./ActiveFilters";
import { ConversationList } from "./ConversationList";
import { FiltersDialog } from "./FiltersDialog";
import { SearchBox } from "./SearchBox";
import { SortSelect } from "./SortSelect";
import { useChatSearch, useSetChatSearch } from "./useChatSearch";
import { useDeepLink, type NewChatSeed } from "./useDeepLink";
import { ViewTabs } from "./ViewTabs";

export function ChatLayout() {
  const { t } = useI18n();
  const me = useQuery(meQuery).data as Me;
  const { search, filter } = useChatSearch();
  const setSearch = useSetChatSearch();
  const params = useParams({ strict: false }) as { conversationId?: number };
  const selectedId = params.conversationId ?? null;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [newChat, setNewChat] = useState<NewChatSeed | null>(null);

  useDeepLink(search, setNewChat);

  const clear = useCallback(() => setSearch((prev) => clearedFilters(prev)), [setSearch]);
  const remove = useCallback(
    (key: keyof ChatSearch) =>
      setSearch((prev) => {
        const next = { ...prev };
        delete next[key];
        return next;
      }),
    [setSearch],
  );
  const filters = activeFilterCount(filter);

  return (
    <div className={selectedId !== null ? "chat-layout has-conversation" : "chat-layout"}>
      <aside className="list-column" aria-label={t("list.column")}>
        <ViewTabs
          filter={filter}
          onChange={(view) =>
            setSearch(({ view: _, internal: __, ...rest }) => (view === "all" ? rest : { ...rest, view }))
          }
        />
        <div className="list-toolbar">
          <SearchBox value={filter.q} onSearch={(q) => setSearch(({ q: _, ...rest }) => (q ? { ...rest, q } : rest), { replace: true })} />
          <div className="list-toolbar-row">
            <SortSelect
              value={filter.sort}
              onChange={(sort) => setSearch(({ sort: _, ...rest }) => (sort === "recent" ? rest : { ...rest, sort }))}
            />
            <button
              type="button"
              className={filters ? "btn btn-ghost toolbar-button active" : "btn btn-ghost toolbar-button"}
              onClick={() => setFiltersOpen(true)}
              aria-label={filters ? t("filters.buttonCount", { n: filters }) : t("filters.button")}
            >
              <FilterIcon size={16} />
              <span>{t("filters.button")}</span>
              {filters > 0 && <span className="badge">{filters}</span>}
            </button>
            <button type="button" className="btn btn-primary toolbar-button" onClick={() => setNewChat({})}>
              <PlusIcon size={16} />
              <span>{t("newChat.button")}</span>
            </button>
          </div>
        </div>
        <ActiveFilters filter={filter} onRemove={remove} onClear={clear} />
        <ConversationList me={me} filter={filter} selectedId={selectedId} onClearFilters={clear} />
      </aside>
      <main className="pane-column">
        <Outlet />
      </main>
      <FiltersDialog
        open={filtersOpen}
        filter={filter}
        onClose={() => setFiltersOpen(false)}
        onChange={(update) => setSearch(update)}
        onClear={clear}
      />
      {newChat && <NewChatDialog seed={newChat} onClose={() => setNewChat(null)} />}
    </div>
  );
}
