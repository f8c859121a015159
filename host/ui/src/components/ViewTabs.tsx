// The four list views (L1) as tabs, plus the "Comunicação interna" shortcut (L14).
import type { ListFilter } from "../conversations";
import { useI18n } from "../i18n";
import type { View } from "../types";

const VIEWS: View[] = ["all", "open", "mine", "in_service"];

interface Props {
  filter: ListFilter;
  onChange: (filter: ListFilter) => void;
}

export function ViewTabs({ filter, onChange }: Props) {
  const { t } = useI18n();
  return (
    <div className="view-tabs">
      <div className="tabs" role="tablist">
        {VIEWS.map((view) => {
          const active = !filter.internalOnly && filter.view === view;
          return (
            <button
              key={view}
              type="button"
              role="tab"
              aria-selected={active}
              className={active ? "tab active" : "tab"}
              onClick={() => onChange({ view, internalOnly: false })}
            >
              {t(`view.${view}`)}
            </button>
          );
        })}
      </div>
      <button
        type="button"
        className={filter.internalOnly ? "internal-shortcut active" : "internal-shortcut"}
        aria-pressed={filter.internalOnly}
        onClick={() =>
          onChange(filter.internalOnly ? { view: "all", internalOnly: false } : { view: "all", internalOnly: true })
        }
      >
        {t("view.internal")}
      </button>
    </div>
  );
}
