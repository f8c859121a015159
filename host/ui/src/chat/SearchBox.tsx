// L4: search by name, phone or protocol. The URL follows the typing a moment later (replacing
// the history entry, so Back does not replay every keystroke); only active protocols are found.
import { useEffect, useRef, useState } from "react";
import { useI18n } from "../i18n";
import { SearchIcon } from "../ui/icons";

const DEBOUNCE_MS = 300;

export function SearchBox({ value, onSearch }: { value: string | null; onSearch: (q: string | undefined) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(value ?? "");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const sent = useRef(value ?? "");

  // Back/forward or "Limpar filtros" change the URL: show what it says.
  useEffect(() => {
    if ((value ?? "") !== sent.current) {
      sent.current = value ?? "";
      setText(value ?? "");
    }
  }, [value]);

  useEffect(() => () => clearTimeout(timer.current), []);

  function change(next: string) {
    setText(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      sent.current = next.trim();
      onSearch(next.trim() || undefined);
    }, DEBOUNCE_MS);
  }

  return (
    <div className="search-box">
      <SearchIcon size={16} />
      <input
        type="search"
        aria-label={t("list.search")}
        placeholder={t("list.searchPlaceholder")}
        value={text}
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            clearTimeout(timer.current);
            sent.current = text.trim();
            onSearch(text.trim() || undefined);
          }
        }}
      />
    </div>
  );
}
