// The four status views (L1) as tabs, each with its live count and, when some are unread, how
// many (GET /conversations/counts, asked again after live events).
import { useQuery } from "@tanstack/react-query";
import { useI18n } from "../i18n";
import { VIEWS, type View } from "../list/access";
import type { ListFilter } from "../list/filter";
import { countsQuery } from "../queries/conversations";

interface Props {
  filter: ListFilter;
  onChange: (view: View) => void;
}

export function ViewTabs({ filter, onChange }: Props) {
  const { t } = useI18n();
  const counts = useQuery(countsQuery).data;
  return (
    <div className="view-tabs" role="tablist" aria-label={t("view.label")}>
      {VIEWS.map((view) => {
        const active = !filter.internal && filter.view === view;
        const total = counts?.[view];
        const unread = counts?.[`unread_${view}`];
        return (
          <button
            key={view}
            type="button"
            role="tab"
            aria-selected={active}
            className={active ? "tab active" : "tab"}
            data-view={view}
            onClick={() => onChange(view)}
          >
            <span className="tab-label">{t(`view.${view}`)}</span>
            <span className="tab-numbers">
              <span className="tab-count" data-testid={`count-${view}`}>
                {total ?? "–"}
              </span>
              {unread ? (
                <span className="tab-unread" data-testid={`unread-${view}`}>
                  {unread}
                  <span className="sr-only"> {t("view.unreadSuffix")}</span>
                </span>
              ) : null}
            </span>
          </button>
        );
      })}
    </div>
  );
}
