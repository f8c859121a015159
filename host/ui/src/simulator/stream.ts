// The simulated contact's live stream; reconnects with back-off until closed.
import type { SimMessage } from "../api/types";

export interface SimulatorStreamHandlers {
  onMessage(message: SimMessage): void;
  /** Called after a reconnect: refetch the history to fill the gap. */
  onReconnected(): void;
  onConnectedChange(connected: boolean): void;
}

/** Opens the stream for `phone` on simulator `key`; returns the closer. */
export function openSimulatorStream(key: string, phone: string, handlers: SimulatorStreamHandlers): () => void {
  let closed = false;
  let ws: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const proto = location.protocol === "https:" ? "wss:" : "ws:";

  const connect = () => {
    const socket = new WebSocket(
      `${proto}//${location.host}/api/v1/simulator/${encodeURIComponent(key)}/stream?phone=${encodeURIComponent(phone)}`,
    );
    ws = socket;
    socket.onopen = () => {
      handlers.onConnectedChange(true);
      if (attempt > 0) handlers.onReconnected();
      attempt = 0;
    };
    socket.onmessage = (msg) => {
      try {
        const frame = JSON.parse(String(msg.data)) as { type: string; message?: SimMessage };
        if (frame.type === "message" && frame.message) handlers.onMessage(frame.message);
      } catch {
        // ignore frames we do not understand
      }
    };
    socket.onclose = () => {
      if (closed || ws !== socket) return;
      handlers.onConnectedChange(false);
      attempt += 1;
      timer = setTimeout(connect, Math.min(15000, 500 * 2 ** Math.min(attempt, 5)));
    };
  };

  connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    ws?.close();
  };
}
