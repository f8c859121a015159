// One simulator message: the contact's own (inbound) on the right, the company's on the left.
// A company message with reply buttons shows them under its text, and one with a list shows
// the button that opens it, as a phone would; tapping an option answers with it (its title as
// the text, its id as the reply's id).
import { useState } from "react";
import type { Message, SimMessage } from "../api/types";
import { formatDateTime, formatTime, messageText } from "../format";
import { useI18n } from "../i18n";

interface Props {
  message: SimMessage;
  /** Tapping an option; absent while a tap is being sent. */
  onChoose?: (option: { id: string; title: string }) => void;
}

export function SimBubble({ message: m, onChoose }: Props) {
  const { t } = useI18n();
  const own = m.direction === "inbound";
  const [listOpen, setListOpen] = useState(false);
  const choices = !own ? m.choices : null;
  return (
    <li className={own ? "sim-message own" : "sim-message company"} data-message-id={m.id}>
      <div className="bubble">
        {!own && m.author_name && <div className="bubble-author">{m.author_name}</div>}
        <div className="bubble-text">{m.text ?? messageText(m as Message)}</div>
        <div className="bubble-meta">
          <time title={formatDateTime(m.created_at)}>{formatTime(m.created_at)}</time>
        </div>
        {choices?.kind === "buttons" && (
          <div className="sim-choices" role="group" aria-label={t("sim.options")}>
            {choices.options.map((o) => (
              <button key={o.id} type="button" className="sim-choice" disabled={!onChoose} onClick={() => onChoose?.(o)}>
                {o.title}
              </button>
            ))}
          </div>
        )}
        {choices?.kind === "list" && (
          <div className="sim-choices">
            <button type="button" className="sim-choice sim-list-button" aria-expanded={listOpen} onClick={() => setListOpen((x) => !x)}>
              ☰ {choices.button ?? t("sim.options")}
            </button>
            {listOpen && (
              <ul className="sim-list" aria-label={choices.button ?? t("sim.options")}>
                {choices.options.map((o) => (
                  <li key={o.id}>
                    <button
                      type="button"
                      className="sim-list-option"
                      disabled={!onChoose}
                      onClick={() => {
                        setListOpen(false);
                        onChoose?.(o);
                      }}
                    >
                      {o.title}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </li>
  );
}
