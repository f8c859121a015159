// A page of its own outside the chat (Meu Perfil, the admin screens): a card with the way back to
// the chats and the page's title, the page's content below.
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useI18n } from "../i18n";
import { BackIcon } from "./icons";

export function PageCard({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <main className="profile-page">
      <div className={className ? `profile-card card ${className}` : "profile-card card"}>
        <header className="profile-head">
          <Link to="/chat" className="icon-button" aria-label={t("common.backToChats")} title={t("common.backToChats")}>
            <BackIcon size={20} />
          </Link>
          <h1>{title}</h1>
        </header>
        {children}
      </div>
    </main>
  );
}
