// The PT/EN language switch; the choice is remembered in localStorage by i18n.ts.
import { useI18n, type Lang } from "../i18n";

const OPTIONS: { lang: Lang; label: string }[] = [
  { lang: "pt-BR", label: "PT" },
  { lang: "en", label: "EN" },
];

export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t("top.language")}>
      {OPTIONS.map((o) => (
        <button
          key={o.lang}
          type="button"
          className={o.lang === lang ? "lang-option active" : "lang-option"}
          aria-pressed={o.lang === lang}
          onClick={() => setLang(o.lang)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
