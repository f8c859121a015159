// The pane when no conversation is open (desktop): a hint to pick one from the list.
import { useI18n } from "../i18n";
import { EmptyState } from "../ui/States";

export function NoConversation() {
  const { t } = useI18n();
  return (
    <div className="pane-empty">
      <EmptyState title={t("conv.select")} />
    </div>
  );
}
