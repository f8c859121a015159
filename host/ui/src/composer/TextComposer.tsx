// The composer's text mode: Enter sends, Shift+Enter breaks the line; `{` (or `<`) suggests
// the contact's fields as variables (C8: arrows move, Enter or Tab picks, Esc closes); an
// image pasted with Ctrl+V is offered for sending with a caption (C9); "+" sends an image or a
// document from the computer at once, or a contact card (C10); the microphone records a voice
// note (C15). `/` and a shortcut at the start offer the quick replies (C12: Enter or Tab puts
// the reply's text in the box). `/interna texto` is sent as typed: the server makes it internal
// (C13). The text
// lives in drafts.ts as well, so no refetch or resync can wipe it (L6).
import { useQuery } from "@tanstack/react-query";
import { useId, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from "react";
import { errorMessage } from "../api/errors";
import type { Message } from "../api/types";
import { getDraft, setDraft } from "../drafts";
import { useI18n } from "../i18n";
import { quickRepliesQuery } from "../queries/quickReplies";
import { customFieldsQuery } from "../queries/reference";
import { MicIcon } from "../ui/icons";
import { AttachMenu } from "./AttachMenu";
import { PasteImageDialog } from "./PasteImageDialog";
import { matchingReplies, quickReplyQuery } from "./quickReplyToken";
import { sendText } from "./send";
import { insertVariable, suggestions, SYSTEM_VARIABLES, variableAt, type Token } from "./variables";
import { VoiceRecorder } from "./VoiceRecorder";

interface Props {
  conversationId: number;
  /** "Interna?" is ticked: the message is a note, the send button red. */
  internal: boolean;
  /** The team chat: every message is internal anyway, no box. */
  team: boolean;
  /** Files, voice and contact cards may be sent (inside the window, not a note). */
  rich: boolean;
  onSent: (message: Message) => void;
}

export function TextComposer({ conversationId, internal, team, rich, onSent }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState(() => getDraft(conversationId));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);
  const [pasted, setPasted] = useState<File | null>(null);
  const textRef = useRef(text);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const listId = useId();

  // C8: the variable being typed and the fields that match it.
  const [token, setToken] = useState<{ token: Token; caret: number } | null>(null);
  const [active, setActive] = useState(0);
  const custom = useQuery({ ...customFieldsQuery, enabled: !team });
  const fields = useMemo(
    () => [...SYSTEM_VARIABLES, ...(custom.data ?? []).map((f) => ({ key: f.key, label: f.label }))],
    [custom.data],
  );
  // C12: the quick replies whose shortcut is being typed after a leading `/`.
  const [replyQuery, setReplyQuery] = useState<string | null>(null);
  const replies = useQuery({ ...quickRepliesQuery, enabled: !team });
  const replyMatches = replyQuery !== null && !team ? matchingReplies(replies.data ?? [], replyQuery) : [];
  const matches = token && !team && replyMatches.length === 0 ? suggestions(token.token.query, fields) : [];
  const count = replyMatches.length || matches.length;
  const open = count > 0;

  function change(value: string, caret: number | null) {
    textRef.current = value;
    setText(value);
    setDraft(conversationId, value);
    const found = caret === null ? null : variableAt(value, caret);
    setToken(found && caret !== null ? { token: found, caret } : null);
    setReplyQuery(caret === null ? null : quickReplyQuery(value, caret));
    setActive(0);
  }

  function pick(key: string) {
    if (!token) return;
    const next = insertVariable(text, token.token, token.caret, key);
    pendingCaret.current = next.caret;
    change(next.text, null);
  }

  /** C12: the reply's text takes the box, the caret at its end. */
  function pickReply(text: string) {
    pendingCaret.current = text.length;
    change(text, null);
  }

  /** The highlighted suggestion, a quick reply or a variable. */
  function pickActive() {
    const i = Math.min(active, count - 1);
    if (replyMatches.length) pickReply(replyMatches[i].text);
    else pick(matches[i].key);
  }

  // The caret goes after the picked variable in the same commit that shows it: a key pressed
  // right after the pick (Shift+Enter, a letter) lands there, never at the end of the old text.
  useLayoutEffect(() => {
    const caret = pendingCaret.current;
    if (caret === null) return;
    pendingCaret.current = null;
    areaRef.current?.focus();
    areaRef.current?.setSelectionRange(caret, caret);
  });

  async function send() {
    const sent = text;
    if (!sent.trim() || sending) return;
    setSending(true);
    setError(null);
    try {
      onSent(await sendText(conversationId, sent, internal));
      // Clear only what was sent: anything typed while the request was out stays.
      if (textRef.current === sent) change("", null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  function keyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const step = e.key === "ArrowDown" ? 1 : -1;
        setActive((i) => (i + step + count) % count);
        return;
      }
      if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
        e.preventDefault();
        pickActive();
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        setToken(null);
        setReplyQuery(null);
        return;
      }
    }
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  function paste(e: ClipboardEvent<HTMLTextAreaElement>) {
    if (!rich) return;
    const image = Array.from(e.clipboardData.files).find((f) => f.type === "image/png" || f.type === "image/jpeg");
    if (image) {
      e.preventDefault();
      setPasted(image);
    }
  }

  const red = internal || team;
  return (
    <>
      {error && (
        <p className="error-text composer-error" role="alert">
          {error}
        </p>
      )}
      {recording ? (
        <VoiceRecorder
          conversationId={conversationId}
          onSent={onSent}
          onError={setError}
          onDone={() => {
            setRecording(false);
            requestAnimationFrame(() => areaRef.current?.focus());
          }}
        />
      ) : (
        <div className="composer-row">
          {rich && <AttachMenu conversationId={conversationId} onSent={onSent} onError={setError} />}
          <div className="composer-input">
            {open && (
              <ul
                className="variable-suggestions"
                role="listbox"
                id={listId}
                aria-label={replyMatches.length ? t("composer.quickReplies") : t("composer.variables")}
              >
                {replyMatches.map((r, i) => (
                  <li
                    key={r.id}
                    id={`${listId}-${i}`}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? "active quick-reply-option" : "quick-reply-option"}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      pickReply(r.text);
                    }}
                  >
                    <code>{`/${r.shortcut}`}</code> <span className="muted">{r.text}</span>
                  </li>
                ))}
                {matches.map((f, i) => (
                  <li
                    key={f.key}
                    id={`${listId}-${i}`}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? "active" : undefined}
                    // Picked on mousedown so the textarea keeps its focus and caret.
                    onMouseDown={(e) => {
                      e.preventDefault();
                      pick(f.key);
                    }}
                  >
                    <code>{`{${f.key}}`}</code> <span className="muted">{f.label}</span>
                  </li>
                ))}
              </ul>
            )}
            <textarea
              ref={areaRef}
              aria-label={t("composer.placeholder")}
              placeholder={internal ? t("composer.placeholderInternal") : t("composer.placeholder")}
              rows={2}
              value={text}
              aria-autocomplete="list"
              aria-controls={open ? listId : undefined}
              aria-activedescendant={open ? `${listId}-${active}` : undefined}
              onChange={(e) => change(e.target.value, e.target.selectionStart)}
              onKeyDown={keyDown}
              onPaste={paste}
              onBlur={() => {
                setToken(null);
                setReplyQuery(null);
              }}
            />
          </div>
          <div className="composer-actions">
            {rich && !text.trim() && (
              <button
                type="button"
                className="btn btn-ghost icon-action"
                onClick={() => setRecording(true)}
                aria-label={t("voice.record")}
                title={t("voice.record")}
                disabled={typeof MediaRecorder === "undefined"}
              >
                <MicIcon size={18} />
              </button>
            )}
            <button
              type="button"
              className={red ? "btn btn-danger send-button" : "btn btn-primary send-button"}
              disabled={sending || !text.trim()}
              onClick={() => void send()}
            >
              {t("composer.send")}
            </button>
          </div>
        </div>
      )}
      {pasted && (
        <PasteImageDialog
          conversationId={conversationId}
          image={pasted}
          initialCaption=""
          onSent={onSent}
          onClose={() => {
            setPasted(null);
            requestAnimationFrame(() => areaRef.current?.focus());
          }}
        />
      )}
    </>
  );
}
