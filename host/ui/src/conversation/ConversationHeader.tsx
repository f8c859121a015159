// The conversation's header: on a phone a way back to the list; the contact's name, phone,
// protocol and state, with the automation icon while a flow waits for the contact (L10); at
// the top right the assigned agent and department (C3), a scheduled close (K2), the search in
// the chat's messages (C2), the close shortcut (C4) and the settings panel's toggle (C5).
import { Link } from "@tanstack/react-router";
import type { Conversation } from "../api/types";
import { ScheduledClose } from "../closing/ScheduledClose";
import { conversationTitle } from "../format";
import { useI18n } from "../i18n";
import { ChannelIcon } from "../ui/ChannelIcon";
import { BackIcon, BotIcon, CloseChatIcon, SearchIcon, SettingsIcon } from "../ui/icons";
import { useConversationActions } from "./ConversationActions";

interface Props {
  conversation: Conversation | null;
  /** Whether the settings panel is open (C5). */
  settingsOpen?: boolean;
}

const keepSearch = (prev: Record<string, unknown>) => prev;

export function ConversationHeader({ conversation: c, settingsOpen = false }: Props) {
  const { t } = useI18n();
  const { openClose, openSearch } = useConversationActions();
  const contactChat = c?.kind === "contact";
  return (
    <header className="pane-header">
      <Link to="/chat" search={keepSearch} className="icon-button back-to-list" aria-label={t("conv.backToList")} title={t("conv.backToList")}>
        <BackIcon size={20} />
      </Link>
      {c && (
        <>
          <div className="pane-contact">
            <h2>
              {c.channel && <ChannelIcon kind={c.channel.kind} name={c.channel.name} />}
              <span className="pane-title">{conversationTitle(c)}</span>
              {c.flow_waiting && (
                <span className="automation-icon" role="img" aria-label={t("conv.automation")} title={t("conv.automation")} data-testid="automation-icon">
                  <BotIcon size={16} />
                </span>
              )}
            </h2>
            <div className="pane-sub">
              {c.contact?.phone && (
                <span title={t("conv.phone")} className="pane-phone">
                  {c.contact.phone}
                </span>
              )}
              {c.protocol && (
                <span className="pane-protocol">
                  {t("conv.protocol")} {c.protocol}
                </span>
              )}
              {contactChat && <span className="pane-state">{t(`conv.state.${c.state}`)}</span>}
            </div>
          </div>
          <div className="pane-assignment">
            {c.agent && (
              <span className="tag tag-agent" title={t("conv.agent")}>
                {t("conv.agent")}: {c.agent.name}
              </span>
            )}
            {c.department && (
              <span className="tag tag-department" title={t("conv.department")}>
                {t("conv.department")}: {c.department.name}
              </span>
            )}
            <ScheduledClose conversation={c} />
          </div>
          {contactChat && (
            <div className="pane-actions">
              <button type="button" className="btn btn-ghost pane-action" onClick={openSearch} aria-label={t("search.open")} title={t("search.open")}>
                <SearchIcon size={18} />
              </button>
              {c.state !== "closed" && (
                <button type="button" className="btn btn-ghost pane-action" onClick={openClose} title={t("close.shortcut")}>
                  <CloseChatIcon size={18} />
                  <span className="pane-action-label">{t("close.shortcut")}</span>
                </button>
              )}
              <Link
                to={settingsOpen ? "/chat/$conversationId" : "/chat/$conversationId/settings"}
                params={{ conversationId: c.id }}
                search={keepSearch}
                className={settingsOpen ? "btn btn-ghost pane-action active" : "btn btn-ghost pane-action"}
                aria-label={settingsOpen ? t("settings.close") : t("settings.open")}
                title={settingsOpen ? t("settings.close") : t("settings.open")}
                data-testid="settings-toggle"
              >
                <SettingsIcon size={18} />
              </Link>
            </div>
          )}
        </>
      )}
    </header>
  );
}
