// The simulator's chat: the contact's own messages on the right, the company's on the left;
// history from the API, new and updated messages live from the simulator stream (deduped by id).
// Buttons and lists the company sends can be tapped: the tap is the contact's answer.
// `onMessage` hears each message the stream brings (the flow editor's test run follows its
// session by them).
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import { simulatorApi } from "./api";
import { useI18n } from "../i18n";
import { openSimulatorStream } from "./stream";
import type { SimMessage } from "../api/types";
import type { SimIdentity } from "./identity";
import { SimBubble } from "./SimBubble";

function upsert(list: SimMessage[], m: SimMessage): SimMessage[] {
  const i = list.findIndex((x) => x.id === m.id);
  if (i >= 0) {
    const next = list.slice();
    next[i] = m;
    return next;
  }
  return [...list, m].sort((a, b) => a.created_at - b.created_at || a.id - b.id);
}

function merge(shown: SimMessage[], fetched: SimMessage[]): SimMessage[] {
  return fetched.reduce(upsert, shown);
}

interface Props {
  simKey: string;
  identity: SimIdentity;
  onMessage?: (message: SimMessage) => void;
}

export function SimChat({ simKey, identity, onMessage }: Props) {
  const { t } = useI18n();
  // The latest callback, read when a message comes: a new one does not reopen the stream.
  const heard = useRef(onMessage);
  heard.current = onMessage;
  const [messages, setMessages] = useState<SimMessage[]>([]);
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [connected, setConnected] = useState(true);
  const listRef = useRef<HTMLDivElement>(null);

  const refetch = useCallback(() => {
    simulatorApi.messages(simKey, identity.phone).then(
      (items) => setMessages((shown) => merge(shown, items)),
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [simKey, identity.phone]);

  useEffect(() => {
    const close = openSimulatorStream(simKey, identity.phone, {
      onMessage: (m) => {
        setMessages((list) => upsert(list, m));
        heard.current?.(m);
      },
      onReconnected: refetch,
      onConnectedChange: setConnected,
    });
    refetch();
    return close;
  }, [simKey, identity.phone, refetch]);

  useLayoutEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages]);

  async function post(body: string, replyId?: string) {
    setSending(true);
    setError(null);
    try {
      const m = await simulatorApi.send(simKey, identity.phone, identity.name, body, replyId);
      setMessages((list) => (list.some((x) => x.id === m.id) ? list : upsert(list, m)));
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setSending(false);
    }
  }

  async function send(e: FormEvent) {
    e.preventDefault();
    const body = text.trim();
    if (!body || sending) return;
    if (await post(body)) setText((current) => (current.trim() === body ? "" : current));
  }

  return (
    <>
      <div className="phone-body sim-chat" ref={listRef}>
        {!connected && <p className="sim-status">{t("sim.reconnecting")}</p>}
        {messages.length === 0 && <p className="muted sim-empty">{t("sim.empty")}</p>}
        <ul className="sim-messages">
          {messages.map((m) => (
            <SimBubble key={m.id} message={m} onChoose={sending ? undefined : (o) => void post(o.title, o.id)} />
          ))}
        </ul>
      </div>
      {error && (
        <p className="error-text sim-error" role="alert">
          {error}
        </p>
      )}
      <form className="sim-composer" onSubmit={send}>
        <input
          aria-label={t("sim.placeholder")}
          placeholder={t("sim.placeholder")}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" disabled={sending || !text.trim()}>
          {t("sim.send")}
        </button>
      </form>
    </>
  );
}
