// The inbox's top bar: account and user name, channels toggle, language switch and "Sair".
import { useI18n } from "../i18n";
import type { Me } from "../types";
import { LanguageSwitch } from "./LanguageSwitch";

interface Props {
  me: Me;
  channelsOpen: boolean;
  onToggleChannels: () => void;
  onLogout: () => void;
}

export function TopBar({ me, channelsOpen, onToggleChannels, onLogout }: Props) {
  const { t } = useI18n();
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{t("app.name")}</span>
        <span className="account-name">{me.account.name}</span>
      </div>
      <nav className="top-actions">
        <button
          type="button"
          className={channelsOpen ? "btn btn-ghost active" : "btn btn-ghost"}
          aria-expanded={channelsOpen}
          onClick={onToggleChannels}
        >
          {t("top.channels")}
        </button>
        <LanguageSwitch />
        <span className="user-name" data-testid="user-name">
          {me.user.name}
        </span>
        <button type="button" className="btn btn-ghost" onClick={onLogout}>
          {t("top.logout")}
        </button>
      </nav>
    </header>
  );
}
