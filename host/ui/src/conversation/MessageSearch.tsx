// C2: "Pesquisar na conversa" — a search bar under the header; the messages holding the text
// are listed newest first, with who wrote them, when, and the words marked; picking one shows
// it in place in the history (ConversationPage reads the window around it when it is not loaded).
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../api/errors";
import type { Conversation } from "../api/types";
import { authorName, formatDateTime, messageText } from "../format";
import { useI18n } from "../i18n";
import { messageSearchQuery } from "../queries/messageSearch";
import { SearchIcon } from "../ui/icons";
import { useDebounced } from "../ui/useDebounced";
import { highlight } from "./highlight";

const DEBOUNCE_MS = 300;

interface Props {
  conversation: Conversation | null;
  conversationId: number;
  onPick: (messageId: number) => void;
  onClose: () => void;
}

export function MessageSearch({ conversation, conversationId, onPick, onClose }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const q = useDebounced(text.trim(), DEBOUNCE_MS);
  const results = useQuery(messageSearchQuery(conversationId, q));
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  return (
    <div className="message-search" role="search" data-testid="message-search">
      <div className="search-box">
        <SearchIcon size={16} />
        <input
          ref={input}
          type="search"
          aria-label={t("search.inChat")}
          placeholder={t("search.placeholder")}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") onClose();
          }}
        />
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t("search.close")}
        </button>
      </div>
      {q !== "" && (
        <div className="search-results" aria-live="polite">
          {results.isPending && <p className="muted">{t("common.loading")}</p>}
          {results.isError && <p className="error-text">{errorMessage(results.error)}</p>}
          {results.data?.length === 0 && <p className="muted">{t("search.none")}</p>}
          {results.data && results.data.length > 0 && (
            <ul aria-label={t("search.results")}>
              {results.data.map((m) => (
                <li key={m.id}>
                  <button type="button" className="search-hit" onClick={() => onPick(m.id)}>
                    <span className="search-hit-head">
                      <strong>{authorName(m, conversation)}</strong>
                      <time>{formatDateTime(m.created_at)}</time>
                    </span>
                    <span className="search-hit-text">
                      {highlight(messageText(m), q).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
