// The frame of an admin screen (A4): the page card with a way back to "Configurações", and for
// a user who is not an admin a clear "apenas administradores" instead of the screen (the server
// refuses their changes anyway; this says so before they try).
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import type { Me } from "../api/types";
import { useI18n } from "../i18n";
import { meQuery } from "../queries/session";
import { PageCard } from "../ui/PageCard";
import { EmptyState } from "../ui/States";
import "../styles/admin.css";

interface Props {
  title: string;
  className?: string;
  /** False on the "Configurações" page itself (nothing to go back to but the chats). */
  backToAdmin?: boolean;
  children: ReactNode;
}

export function AdminPage({ title, className, backToAdmin = true, children }: Props) {
  const { t } = useI18n();
  const me = useQuery(meQuery).data as Me;
  const admin = me.user.role === "admin";
  return (
    <PageCard title={title} className={`admin-page ${className ?? ""}`}>
      {backToAdmin && (
        <Link to="/admin" className="admin-back link-button">
          ← {t("admin.title")}
        </Link>
      )}
      {admin ? (
        children
      ) : (
        <div data-testid="admin-only">
          <EmptyState title={t("admin.onlyAdmins")}>
            <p className="muted">{t("admin.onlyAdminsText")}</p>
            <Link to="/chat" className="btn btn-primary">
              {t("common.backToChats")}
            </Link>
          </EmptyState>
        </div>
      )}
    </PageCard>
  );
}
