// The empty, loading and error states every list and pane uses, so they look alike.
import type { ReactNode } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty" data-testid="empty-state">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

export function LoadingState({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t("common.loading")}</span>
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="state state-error" role="alert">
      <p className="error-text">{message}</p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

/**
 * A server read's waiting and failed states (with "Tentar de novo"), and `empty` when it
 * answered an empty list: what a page shows before or instead of its data.
 */
export function QueryStates({
  query,
  empty,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data?: unknown; refetch: () => unknown };
  empty?: string;
}) {
  return (
    <>
      {query.isPending && <LoadingState />}
      {query.isError && <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />}
      {empty !== undefined && Array.isArray(query.data) && query.data.length === 0 && <EmptyState title={empty} />}
    </>
  );
}
