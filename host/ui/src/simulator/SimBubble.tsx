// One simulator message: the contact's own (inbound) on the right, the company's on the left.
import { formatDateTime, formatTime } from "../format";
import type { SimMessage } from "../api/types";

export function SimBubble({ message: m }: { message: SimMessage }) {
  const own = m.direction === "inbound";
  return (
    <li className={own ? "sim-message own" : "sim-message company"} data-message-id={m.id}>
      <div className="bubble">
        {!own && m.author_name && <div className="bubble-author">{m.author_name}</div>}
        <div className="bubble-text">{m.text ?? `[${m.kind}]`}</div>
        <div className="bubble-meta">
          <time title={formatDateTime(m.created_at)}>{formatTime(m.created_at)}</time>
        </div>
      </div>
    </li>
  );
}
