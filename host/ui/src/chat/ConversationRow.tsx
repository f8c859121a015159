// One row of the list: channel icon (L11), name with the lock of a blocked contact (S17), the
// agent icon naming the agent on hover (L9) and the automation icon while a flow waits for the
// contact (L10), the last message's preview (media named, never an empty line), the department
// tag (L7) and the session tag (L8), the read/unread icon (L12) with
// the unanswered timer below it in its colour (L13), and the "⋮" menu with "Marcar como não lido".
import { Link } from "@tanstack/react-router";
import { memo } from "react";
import type { Conversation } from "../api/types";
import { conversationTitle, formatDateTime, formatTime } from "../format";
import { useI18n } from "../i18n";
import { previewText } from "../list/preview";
import { timerColour, timerLabel, timerNow, TIMER_REFRESH_MS } from "../list/timer";
import { windowTag } from "../list/windowTag";
import { ChannelIcon } from "../ui/ChannelIcon";
import { AgentIcon, BotIcon, LockIcon, MoreIcon, ReadIcon, TeamIcon } from "../ui/icons";
import { Menu } from "../ui/Menu";
import { useClock } from "./useClock";

/** Fixed row height: the virtualized list places rows without measuring them. */
export const ROW_HEIGHT = 84;
const MINUTE = 60_000;

interface Props {
  conversation: Conversation;
  selected: boolean;
  /** Offset from the list's top (virtualized rows are placed absolutely). */
  top: number;
  index: number;
  count: number;
  onMarkUnread: (c: Conversation) => void;
  onMarkRead: (c: Conversation) => void;
}

function UnansweredTimer({ since, lastMessageAt }: { since: number; lastMessageAt: number | null | undefined }) {
  const { t } = useI18n();
  const tick = useClock(TIMER_REFRESH_MS);
  const now = timerNow(tick, lastMessageAt);
  const colour = timerColour(since, now);
  const label = timerLabel(since, now);
  return (
    <span className={`row-timer timer-${colour}`} data-colour={colour} title={t("list.timer", { time: label })}>
      {label}
    </span>
  );
}

function SessionTag({ c }: { c: Conversation }) {
  const { t } = useI18n();
  const now = useClock(MINUTE);
  const tag = windowTag(c.window, Math.max(now, c.last_message_at ?? 0));
  if (!tag) return null;
  return <span className={`tag tag-window tag-${tag}`}>{t(`list.window.${tag}`)}</span>;
}

export const ConversationRow = memo(function ConversationRow({
  conversation: c,
  selected,
  top,
  index,
  count,
  onMarkUnread,
  onMarkRead,
}: Props) {
  const { t } = useI18n();
  const classes = ["conversation-row"];
  if (c.unread) classes.push("unread");
  if (selected) classes.push("selected");
  if (c.kind === "internal") classes.push("internal");
  const agentLabel = c.agent ? t("list.agent", { name: c.agent.name }) : "";

  return (
    <li
      className={classes.join(" ")}
      data-conversation-id={c.id}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      aria-setsize={count}
      aria-posinset={index + 1}
    >
      <Link
        to="/chat/$conversationId"
        params={{ conversationId: c.id }}
        search={({ target_phone: _, ...rest }: Record<string, unknown>) => rest}
        className="row-main"
        aria-current={selected ? "page" : undefined}
        data-row-index={index}
      >
        <span className="row-channel">
          {c.channel ? <ChannelIcon kind={c.channel.kind} name={c.channel.name} /> : <TeamIcon size={18} label={t("view.internal")} />}
        </span>
        <span className="row-body">
          <span className="row-line">
            <span className="row-name">{conversationTitle(c)}</span>
            {c.contact?.blocked && (
              <span className="row-lock" role="img" aria-label={t("list.blocked")} title={t("list.blocked")}>
                <LockIcon size={14} />
              </span>
            )}
            {c.agent && (
              <span className="row-agent" role="img" aria-label={agentLabel} title={agentLabel}>
                <AgentIcon size={15} />
              </span>
            )}
            {c.flow_waiting && (
              <span className="row-automation" role="img" aria-label={t("conv.automation")} title={t("conv.automation")}>
                <BotIcon size={15} />
              </span>
            )}
            <time className="row-time" dateTime={c.last_message_at ? new Date(c.last_message_at).toISOString() : undefined} title={formatDateTime(c.last_message_at)}>
              {formatTime(c.last_message_at)}
            </time>
          </span>
          <span className="row-preview">{previewText(c.last_message_preview)}</span>
          <span className="row-tags">
            {c.department && (
              <span className="tag tag-department" title={t("list.department", { name: c.department.name })}>
                {c.department.name}
              </span>
            )}
            <SessionTag c={c} />
            {c.protocol && <span className="tag tag-protocol">{c.protocol}</span>}
          </span>
        </span>
        <span className="row-side">
          <span
            className={c.unread ? "row-read unread" : "row-read"}
            role="img"
            aria-label={c.unread ? t("list.unread") : t("list.read")}
            title={c.unread ? t("list.unread") : t("list.read")}
          >
            <ReadIcon unread={c.unread} size={18} />
          </span>
          {c.unanswered_since != null && <UnansweredTimer since={c.unanswered_since} lastMessageAt={c.last_message_at} />}
        </span>
      </Link>
      <Menu
        className="row-menu"
        label={t("list.moreOptions")}
        trigger={<MoreIcon size={16} />}
        items={[
          c.unread
            ? { label: t("list.markRead"), onSelect: () => onMarkRead(c) }
            : { label: t("list.markUnread"), onSelect: () => onMarkUnread(c) },
        ]}
      />
    </li>
  );
});
