// The conversation list column: rows, empty/loading/error states and "Carregar mais".
import { useI18n } from "../i18n";
import type { Conversation } from "../types";
import { ConversationRow } from "./ConversationRow";

interface Props {
  items: Conversation[];
  loading: boolean;
  error: string | null;
  selectedId: number | null;
  hasMore: boolean;
  loadingMore: boolean;
  onSelect: (id: number) => void;
  onMarkUnread: (id: number) => void;
  onLoadMore: () => void;
}

export function ConversationList(props: Props) {
  const { t } = useI18n();
  const { items, loading, error, selectedId, hasMore, loadingMore } = props;
  return (
    <div className="conversation-list" data-testid="conversation-list">
      {error && (
        <p className="error-text list-error" role="alert">
          {error}
        </p>
      )}
      {loading && <p className="muted list-note">{t("common.loading")}</p>}
      {!loading && items.length === 0 && !error && <p className="muted list-note">{t("list.empty")}</p>}
      <ul>
        {items.map((c) => (
          <ConversationRow
            key={c.id}
            conversation={c}
            selected={c.id === selectedId}
            onSelect={() => props.onSelect(c.id)}
            onMarkUnread={() => props.onMarkUnread(c.id)}
          />
        ))}
      </ul>
      {hasMore && (
        <button type="button" className="btn btn-ghost load-more" disabled={loadingMore} onClick={props.onLoadMore}>
          {loadingMore ? t("common.loading") : t("list.loadMore")}
        </button>
      )}
    </div>
  );
}
