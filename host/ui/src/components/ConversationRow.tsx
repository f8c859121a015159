// One row of the conversation list: name, channel, preview and time, unread mark, agent,
// department and protocol; its "⋮" menu holds "Marcar como não lido" (L12).
import { useEffect, useRef, useState } from "react";
import { conversationTitle, formatDateTime, formatTime } from "../format";
import { useI18n } from "../i18n";
import type { Conversation } from "../types";
import { ChannelIcon } from "./ChannelIcon";

interface Props {
  conversation: Conversation;
  selected: boolean;
  onSelect: () => void;
  onMarkUnread: () => void;
}

export function ConversationRow({ conversation: c, selected, onSelect, onMarkUnread }: Props) {
  const { t } = useI18n();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!menuOpen) return;
    const close = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) setMenuOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [menuOpen]);

  const classes = ["conversation-row"];
  if (c.unread) classes.push("unread");
  if (selected) classes.push("selected");
  if (c.kind === "internal") classes.push("internal");

  return (
    <li className={classes.join(" ")} data-conversation-id={c.id}>
      <button type="button" className="row-main" onClick={onSelect} aria-current={selected}>
        <span className="row-line">
          {c.channel && <ChannelIcon kind={c.channel.kind} name={c.channel.name} />}
          <span className="row-name">{conversationTitle(c)}</span>
          <time className="row-time" title={formatDateTime(c.last_message_at)}>
            {formatTime(c.last_message_at)}
          </time>
        </span>
        <span className="row-line">
          <span className="row-preview">{c.last_message_preview ?? t("list.noMessages")}</span>
          {c.unread && <span className="unread-dot" title={t("list.unread")} aria-label={t("list.unread")} />}
        </span>
        <span className="row-tags">
          {c.channel && <span className="tag tag-channel">{c.channel.name}</span>}
          {c.agent && (
            <span className="tag tag-agent" title={t("list.agent", { name: c.agent.name })}>
              {c.agent.name}
            </span>
          )}
          {c.department && (
            <span className="tag tag-department" title={t("list.department", { name: c.department.name })}>
              {c.department.name}
            </span>
          )}
          {c.protocol && <span className="tag tag-protocol">{t("list.protocol", { protocol: c.protocol })}</span>}
        </span>
      </button>
      <div className="row-menu" ref={menuRef}>
        <button
          type="button"
          className="row-menu-toggle"
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          title={t("list.moreOptions")}
          aria-label={t("list.moreOptions")}
          onClick={() => setMenuOpen((o) => !o)}
        >
          ⋮
        </button>
        {menuOpen && (
          <div className="menu" role="menu">
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                setMenuOpen(false);
                onMarkUnread();
              }}
            >
              {t("list.markUnread")}
            </button>
          </div>
        )}
      </div>
    </li>
  );
}
