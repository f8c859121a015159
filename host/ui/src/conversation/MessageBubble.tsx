// One message in the history (C1): sender name and time; contact messages left, ours right;
// internal ones in red with their notice (C13); messages sent from the WhatsApp Business app in
// yellow with "Enviada via Whatsapp Business" (C19); system lines centred, the flow's missing
// template line (C18) as a warning; delivery marks on ours (C16, C17). A contact's message can
// get a reaction (C6), which it then wears. One whose content was erased (LGPD) keeps its bubble,
// time and marks, and says "Conteúdo apagado (LGPD)" (MessageContent; a system line, messageText).
import { memo } from "react";
import { authorName, formatDateTime, formatTime, messageText } from "../format";
import { useI18n } from "../i18n";
import type { Conversation, Me, Message } from "../api/types";
import { EmojiIcon } from "../ui/icons";
import { Menu, type MenuItem } from "../ui/Menu";
import { MessageContent } from "./MessageContent";
import { QUICK_REACTIONS } from "./reactions";
import { StatusMark } from "./StatusMark";

interface Props {
  message: Message;
  conversation: Conversation | null;
  me: Me;
  /** The emoji our newest reaction put on it (C6). */
  reaction?: string;
  /** The emoji the contact's newest reaction put on it (C6). */
  contactReaction?: string;
  /** The message the search (C2) is showing: marked until another is picked. */
  found?: boolean;
  /** Present when the agent may react to it now (a contact's message, inside the window). */
  onReact?: (message: Message, emoji: string | null) => void;
}

/** C18: the line a flow leaves when its template is gone ("--- … verifique o fluxo ---"). */
function isWarningLine(text: string): boolean {
  return text.startsWith("---") && text.endsWith("---");
}

export const MessageBubble = memo(function MessageBubble({ message: m, conversation, me, reaction, contactReaction, found, onReact }: Props) {
  const { t } = useI18n();
  const teamChat = conversation?.kind === "internal";

  if (m.kind === "system") {
    const text = messageText(m);
    return (
      <li className={isWarningLine(text) ? "message system warning" : "message system"} data-message-id={m.id}>
        <span className={m.erased_at != null ? "system-text message-erased" : "system-text"}>{text}</span>
        <time title={formatDateTime(m.created_at)}>{formatTime(m.created_at)}</time>
      </li>
    );
  }

  // In the team chat there is no contact: our own messages go right, colleagues' left.
  const mine = teamChat ? m.author.user_id === me.user.id : m.direction === "outbound";
  const internal = m.internal && !teamChat;
  const echo = m.author.kind === "business_app";
  const classes = ["message", mine ? "outgoing" : "incoming"];
  if (internal) classes.push("internal");
  if (echo) classes.push("echo");
  if (found) classes.push("found");

  const reactItems: MenuItem[] = QUICK_REACTIONS.map((emoji) => ({
    label: emoji,
    name: t("msg.reactWith", { emoji }),
    onSelect: () => onReact?.(m, emoji),
  }));
  if (reaction) reactItems.push({ label: t("msg.removeReaction"), onSelect: () => onReact?.(m, null), danger: true });

  return (
    <li className={classes.join(" ")} data-message-id={m.id} data-kind={m.kind}>
      <div className="bubble">
        <div className="bubble-author">{authorName(m, conversation)}</div>
        {internal && <div className="internal-note">{t("msg.internalNote")}</div>}
        {echo && <div className="echo-note">{t("msg.echoNote")}</div>}
        <MessageContent m={m} />
        <div className="bubble-meta">
          <time title={formatDateTime(m.created_at)}>{formatTime(m.created_at)}</time>
          {m.direction === "outbound" && !m.internal && <StatusMark status={m.status} error={m.error} />}
        </div>
        {reaction && (
          <span className="bubble-reaction" title={t("msg.yourReaction", { emoji: reaction })} aria-label={t("msg.yourReaction", { emoji: reaction })}>
            {reaction}
          </span>
        )}
        {contactReaction && (
          <span
            className="bubble-reaction contact-reaction"
            title={t("msg.contactReaction", { emoji: contactReaction })}
            aria-label={t("msg.contactReaction", { emoji: contactReaction })}
          >
            {contactReaction}
          </span>
        )}
      </div>
      {onReact && (
        <Menu
          className="react-menu"
          label={t("msg.react")}
          trigger={<EmojiIcon size={16} />}
          items={reactItems}
          align="start"
          layout="row"
        />
      )}
    </li>
  );
});
