// The message composer: Enter sends, Shift+Enter breaks the line; "Interna?" makes the message
// internal and the send button red (C13). `/interna texto` is sent raw: the server parses it.
// The text lives in drafts.ts as well, so no refetch or resync can wipe it.
import { useRef, useState, type KeyboardEvent } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import { getDraft, setDraft } from "../drafts";
import { useI18n } from "../i18n";
import type { Message } from "../api/types";

interface Props {
  conversationId: number;
  /** False in the team chat, where every message is internal anyway. */
  allowInternalToggle: boolean;
  blocked: boolean;
  onSent: (message: Message) => void;
}

export function Composer({ conversationId, allowInternalToggle, blocked, onSent }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState(() => getDraft(conversationId));
  const [internal, setInternal] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef(text);

  function change(value: string) {
    textRef.current = value;
    setText(value);
    setDraft(conversationId, value);
  }

  async function send() {
    const sent = text;
    if (!sent.trim() || sending) return;
    setSending(true);
    setError(null);
    try {
      const message = await call(
        http.POST("/api/v1/conversations/{id}/messages", {
          params: { path: { id: conversationId } },
          body: { text: sent, internal: internal && allowInternalToggle },
        }),
      );
      onSent(message);
      // Clear only what was sent: anything typed while the request was out stays.
      if (textRef.current === sent) change("");
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  function keyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  if (blocked) return <div className="composer blocked">{t("conv.blocked")}</div>;

  const red = internal && allowInternalToggle;
  return (
    <form
      className={red ? "composer internal" : "composer"}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {error && (
        <p className="error-text composer-error" role="alert">
          {error}
        </p>
      )}
      <div className="composer-row">
        <textarea
          aria-label={t("composer.placeholder")}
          placeholder={t("composer.placeholder")}
          rows={2}
          value={text}
          onChange={(e) => change(e.target.value)}
          onKeyDown={keyDown}
        />
        <div className="composer-actions">
          {allowInternalToggle && (
            <label className="internal-toggle">
              <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
              {t("composer.internal")}
            </label>
          )}
          <button
            type="submit"
            className={red ? "btn btn-danger send-button" : "btn btn-primary send-button"}
            disabled={sending || !text.trim()}
          >
            {t("composer.send")}
          </button>
        </div>
      </div>
    </form>
  );
}
