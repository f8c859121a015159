// Live updates over WebSocket. The agent stream (/api/v1/events) tracks the highest sequence seen;
// after a drop, resync() reconnects with `since=<last seq>` so the server replays the missed events
// in order (or says reload_needed). Also the simulator's per-contact stream, which reconnects alone.
import { useSyncExternalStore } from "react";
import { api, ApiError } from "./api";
import type { EventFrame, ServerFrame, SimMessage } from "./types";

export type RealtimeStatus =
  | "idle" // not started (signed out)
  | "connecting" // first connection, waiting for hello
  | "live" // hello received, events flowing
  | "dropped" // the socket closed: the user is offered "Ressincronizar"
  | "resyncing" // reconnecting with since=<last seq>
  | "unreachable"; // the server could not be reached at all

type EventListener = (event: EventFrame) => void;

function wsUrl(path: string): string {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  return `${proto}//${location.host}${path}`;
}

class RealtimeClient {
  private ws: WebSocket | null = null;
  private seq: number | null = null;
  private state: RealtimeStatus = "idle";
  private readonly eventListeners = new Set<EventListener>();
  private readonly reloadListeners = new Set<() => void>();
  private readonly readyListeners = new Set<() => void>();
  private readonly statusListeners = new Set<() => void>();

  /** Highest sequence number received (hello head on a fresh start, then each event). */
  get lastSeq(): number | null {
    return this.seq;
  }

  get status(): RealtimeStatus {
    return this.state;
  }

  /** Opens the stream at the server's head. Call once after sign-in. */
  start(): void {
    if (this.state !== "idle") return;
    this.seq = null;
    this.open(false);
  }

  /** Closes the stream on purpose (sign-out, leaving the inbox). */
  stop(): void {
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.seq = null;
    this.setStatus("idle");
  }

  /** Reconnects from the last sequence seen; missed events arrive in order before new ones. */
  resync(): void {
    if (this.state === "live" || this.state === "connecting" || this.state === "resyncing") return;
    this.open(this.seq !== null);
  }

  /** Test hook: closes the socket as a network failure would. */
  drop(): void {
    this.ws?.close();
  }

  /** Every visible change, in sequence order, once each. */
  onEvent(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** The server says the gap is too large: refetch the list and the open conversation. */
  onReloadNeeded(listener: () => void): () => void {
    this.reloadListeners.add(listener);
    return () => this.reloadListeners.delete(listener);
  }

  /** The first hello after start(): data fetched from now on misses no later event. */
  onReady(listener: () => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  getStatus = (): RealtimeStatus => this.state;

  private setStatus(next: RealtimeStatus): void {
    if (next === this.state) return;
    this.state = next;
    this.statusListeners.forEach((l) => l());
  }

  private open(fromLastSeq: boolean): void {
    const since = fromLastSeq ? this.seq : null;
    const first = this.state === "idle";
    this.setStatus(since === null && first ? "connecting" : "resyncing");
    const ws = new WebSocket(
      wsUrl(`/api/v1/events${since === null ? "" : `?since=${encodeURIComponent(since)}`}`),
    );
    this.ws = ws;
    let gotHello = false;

    ws.onmessage = (msg) => {
      if (this.ws !== ws) return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(msg.data)) as ServerFrame;
      } catch {
        return;
      }
      switch (frame.type) {
        case "hello":
          gotHello = true;
          // Without `since` the stream starts at the head; with it, the replay moves `seq` on.
          if (since === null && (this.seq === null || frame.seq > this.seq)) this.seq = frame.seq;
          this.setStatus("live");
          if (first) this.readyListeners.forEach((l) => l());
          // A reconnect without a known seq (the first connect had failed) may have missed changes.
          else if (since === null) this.reloadListeners.forEach((l) => l());
          break;
        case "event":
          if (this.seq !== null && frame.seq <= this.seq) return; // replay overlap
          this.seq = frame.seq;
          this.eventListeners.forEach((l) => l(frame));
          break;
        case "reload_needed":
          this.seq = frame.seq;
          this.reloadListeners.forEach((l) => l());
          break;
      }
    };

    ws.onclose = () => {
      if (this.ws !== ws) return; // stopped, or replaced by a newer socket
      this.ws = null;
      if (gotHello) {
        this.setStatus("dropped");
        return;
      }
      // Never got in: tell an unreachable server from a refused socket (a 401 goes to login).
      void api.ping().then(
        () => this.ws === null && this.state !== "idle" && this.setStatus("dropped"),
        (err: unknown) => {
          if (this.ws !== null || this.state === "idle") return;
          const offline = err instanceof ApiError && (err.status === 0 || err.status >= 502);
          this.setStatus(offline ? "unreachable" : "dropped");
        },
      );
    };
  }
}

export const realtime = new RealtimeClient();

declare global {
  interface Window {
    __atendeRealtime?: {
      drop(): void;
      resync(): void;
      status(): RealtimeStatus;
      lastSeq(): number | null;
    };
  }
}

// Hook for browser tests and for poking at the connection from the devtools console.
window.__atendeRealtime = {
  drop: () => realtime.drop(),
  resync: () => realtime.resync(),
  status: () => realtime.status,
  lastSeq: () => realtime.lastSeq,
};

/** The agent stream's status, re-rendering on change. */
export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(realtime.subscribeStatus, realtime.getStatus);
}

export interface SimulatorStreamHandlers {
  onMessage(message: SimMessage): void;
  /** Called after a reconnect: refetch the history to fill the gap. */
  onReconnected(): void;
  onConnectedChange(connected: boolean): void;
}

/** The simulator contact's stream; reconnects with back-off until closed. Returns the closer. */
export function openSimulatorStream(
  key: string,
  phone: string,
  handlers: SimulatorStreamHandlers,
): () => void {
  let closed = false;
  let ws: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    const socket = new WebSocket(
      wsUrl(`/api/v1/simulator/${encodeURIComponent(key)}/stream?phone=${encodeURIComponent(phone)}`),
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
