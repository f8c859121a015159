// One message in the history (C1): sender name and time; contact messages left, ours right;
// internal ones in red with their notice (C13); system lines centred; delivery marks on ours.
import { authorName, formatDateTime, formatTime, messageText } from "../format";
import { useI18n } from "../i18n";
import type { Conversation, Me, Message } from "../api/types";
import { StatusMark } from "./StatusMark";

interface Props {
  message: Message;
  conversation: Conversation | null;
  me: Me;
}

export function MessageBubble({ message: m, conversation, me }: Props) {
  const { t } = useI18n();
  const teamChat = conversation?.kind === "internal";

  if (m.kind === "system") {
    return (
      <li className="message system" data-message-id={m.id}>
        <span className="system-text">{messageText(m)}</span>
        <time title={formatDateTime(m.created_at)}>{formatTime(m.created_at)}</time>
      </li>
    );
  }

  // In the team chat there is no contact: our own messages go right, colleagues' left.
  const mine = teamChat ? m.author.user_id === me.user.id : m.direction === "outbound";
  const internal = m.internal && !teamChat;
  const classes = ["message", mine ? "outgoing" : "incoming"];
  if (internal) classes.push("internal");

  return (
    <li className={classes.join(" ")} data-message-id={m.id}>
      <div className="bubble">
        <div className="bubble-author">{authorName(m, conversation)}</div>
        {internal && <div className="internal-note">{t("msg.internalNote")}</div>}
        <div className="bubble-text">{messageText(m)}</div>
        <div className="bubble-meta">
          <time title={formatDateTime(m.created_at)}>{formatTime(m.created_at)}</time>
          {m.direction === "outbound" && !m.internal && <StatusMark status={m.status} error={m.error} />}
        </div>
      </div>
    </li>
  );
}
