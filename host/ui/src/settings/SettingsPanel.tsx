// "Configurações do Chat" (/chat/<id>/settings, C5): the contact and the chat's service, in the
// source text's order — name (S1), contact data (S2), company (S3), session (S4), broadcast
// switch (S5), notes (S6), scheduled messages (S7) and flows (S8), appointments (S9), campaign
// (S10), tags (S11), default agent and the forwards to an agent, a department or a flow (S12–S14,
// S16), the chat's flows, block (S17) and "Encerrar atendimento" (K1). Beside the conversation on a desktop; on a phone it
// takes the screen, with the way back to the conversation at its top.
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { errorMessage } from "../api/errors";
import { useConversationActions } from "../conversation/ConversationActions";
import { useI18n } from "../i18n";
import { contactQuery } from "../queries/contact";
import { conversationQuery } from "../queries/conversations";
import { BackIcon, CloseChatIcon } from "../ui/icons";
import { EmptyState, ErrorState, LoadingState } from "../ui/States";
import { AppointmentsSection } from "./AppointmentsSection";
import { BlockButton } from "./BlockSection";
import { BroadcastSwitch } from "./BroadcastSwitch";
import { ContactSection } from "./ContactSection";
import { FlowSessionsSection } from "./FlowSessionsSection";
import { ForwardSection } from "./ForwardSection";
import { NotesSection } from "./NotesSection";
import { ScheduledFlowsSection } from "./ScheduledFlowsSection";
import { ScheduledMessagesSection } from "./ScheduledMessagesSection";
import { SessionSection } from "./SessionSection";
import { TagsSection } from "./TagsSection";

export function SettingsPanel() {
  const { t } = useI18n();
  const { conversationId } = useParams({ from: "/signed-in/chat/$conversationId/settings" });
  const { openClose } = useConversationActions();
  const conversation = useQuery(conversationQuery(conversationId));
  const c = conversation.data;
  const contactId = c?.contact?.id ?? 0;
  const contact = useQuery({ ...contactQuery(contactId), enabled: contactId > 0 });

  let body;
  if (conversation.isPending || (contactId > 0 && contact.isPending)) body = <LoadingState />;
  else if (!c || !c.contact) body = <EmptyState title={t("settings.noContact")} />;
  else if (contact.isError) body = <ErrorState message={errorMessage(contact.error)} onRetry={() => void contact.refetch()} />;
  else if (contact.data) {
    const ct = contact.data;
    body = (
      <>
        <ContactSection conversation={c} contact={ct} />
        <SessionSection conversation={c} />
        <BroadcastSwitch conversation={c} contact={ct} />
        <NotesSection contact={ct} />
        <ScheduledMessagesSection conversation={c} />
        <ScheduledFlowsSection conversation={c} />
        <AppointmentsSection contact={ct} />
        <TagsSection conversation={c} contact={ct} />
        <ForwardSection conversation={c} contact={ct} />
        <FlowSessionsSection conversation={c} />
        <div className="settings-section settings-actions">
          <BlockButton conversation={c} contact={ct} />
          {c.state !== "closed" && (
            <button type="button" className="btn btn-danger" onClick={openClose}>
              <CloseChatIcon size={16} />
              {t("close.shortcut")}
            </button>
          )}
        </div>
      </>
    );
  }

  return (
    <aside className="settings-panel" aria-label={t("settings.title")} data-testid="settings-panel">
      <header className="settings-header">
        <Link
          to="/chat/$conversationId"
          params={{ conversationId }}
          search={(prev: Record<string, unknown>) => prev}
          className="icon-button"
          aria-label={t("settings.back")}
          title={t("settings.back")}
        >
          <BackIcon size={20} />
        </Link>
        <h2>{t("settings.title")}</h2>
      </header>
      <div className="settings-body">{body}</div>
    </aside>
  );
}
