// A URL that is no screen: say so and offer the way back to the chats.
import { Link } from "@tanstack/react-router";
import { useI18n } from "../i18n";
import { EmptyState } from "../ui/States";

export function NotFound() {
  const { t } = useI18n();
  return (
    <div className="center-page">
      <EmptyState title={t("common.notFound")}>
        <Link to="/chat" className="btn btn-primary">
          {t("common.backToChats")}
        </Link>
      </EmptyState>
    </div>
  );
}
