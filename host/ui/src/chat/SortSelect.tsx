// L3: the four orders. "Abertura mais antiga" is the FIFO queue agents work through.
import { useId } from "react";
import { useI18n } from "../i18n";
import { SORTS, type Sort } from "../list/filter";

export function SortSelect({ value, onChange }: { value: Sort; onChange: (sort: Sort) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="sort-select">
      <label htmlFor={id} className="sr-only">
        {t("sort.label")}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Sort)} title={t("sort.label")}>
        {SORTS.map((s) => (
          <option key={s} value={s}>
            {t(`sort.${s}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
