// The conversation's header: on a phone a way back to the list; the contact's name, phone,
// protocol and state; the assigned agent and department at the top right (C3).
import { Link } from "@tanstack/react-router";
import type { Conversation } from "../api/types";
import { conversationTitle } from "../format";
import { useI18n } from "../i18n";
import { ChannelIcon } from "../ui/ChannelIcon";
import { BackIcon } from "../ui/icons";

export function ConversationHeader({ conversation: c }: { conversation: Conversation | null }) {
  const { t } = useI18n();
  return (
    <header className="pane-header">
      <Link
        to="/chat"
        search={(prev: Record<string, unknown>) => prev}
        className="icon-button back-to-list"
        aria-label={t("conv.backToList")}
        title={t("conv.backToList")}
      >
        <BackIcon size={20} />
      </Link>
      {c && (
        <>
          <div className="pane-contact">
            <h2>
              {c.channel && <ChannelIcon kind={c.channel.kind} name={c.channel.name} />}
              <span className="pane-title">{conversationTitle(c)}</span>
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
              {c.kind === "contact" && <span className="pane-state">{t(`conv.state.${c.state}`)}</span>}
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
          </div>
        </>
      )}
    </header>
  );
}
