// The agent's live connection (GET /api/v1/events, L6). It tracks the highest sequence seen;
// after a drop, resync() reconnects with `since=<last seq>` so the server replays the missed
// events in order (or answers reload_needed). No automatic reconnect: the user is offered
// "Ressincronizar", as the source text describes. The page also speaks on it: its presence
// (N1, N3: which screen, visible or not, which chat), sent after each hello and on every change.
import { useSyncExternalStore } from "react";
import { call, http } from "../api/client";
import { ApiError } from "../api/errors";
import type { EventFrame, NotificationsFrame, ServerFrame } from "../api/types";
import type { PresenceFrame } from "../notifications/presence";

/** What the page sends on the stream. */
export type ClientFrame = PresenceFrame;

export type RealtimeStatus =
  | "idle" // not started (signed out)
  | "connecting" // first connection, waiting for hello
  | "live" // hello received, events flowing
  | "dropped" // the socket closed: the user is offered "Ressincronizar"
  | "resyncing" // reconnecting with since=<last seq>
  | "unreachable"; // the server could not be reached at all

type Listener<T> = (value: T) => void;

function wsUrl(path: string): string {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  return `${proto}//${location.host}${path}`;
}

class RealtimeClient {
  private ws: WebSocket | null = null;
  private seq: number | null = null;
  private state: RealtimeStatus = "idle";
  private readonly eventListeners = new Set<Listener<EventFrame>>();
  private readonly notificationListeners = new Set<Listener<NotificationsFrame>>();
  private presence: PresenceFrame | null = null;
  /** How many "notifications.changed" events came (read by the browser tests). */
  notificationEvents = 0;
  /** How many presence frames the server saved, and its last refusal (read by the browser tests). */
  presenceSaved = 0;
  presenceError: string | null = null;
  /** The presence frames sent and not yet answered, oldest first; and the last one saved. */
  private presenceInFlight: PresenceFrame[] = [];
  savedPresence: PresenceFrame | null = null;
  private readonly reloadListeners = new Set<Listener<void>>();
  private readonly statusListeners = new Set<() => void>();
  private readyPromise: Promise<void> | null = null;
  /** How many times the server said reload_needed (read by the browser tests). */
  reloads = 0;
  private resolveReady: (() => void) | null = null;

  /** Highest sequence number received (the hello's head on a fresh start, then each event). */
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

  /** Closes the stream on purpose (sign-out). */
  stop(): void {
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.seq = null;
    this.presenceInFlight = [];
    this.readyPromise = null;
    this.resolveReady = null;
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

  /**
   * Resolves once the first hello came (or the first connection failed): a fetch made after
   * it misses no change, since every later one arrives as an event.
   */
  ready(): Promise<void> {
    if (this.state !== "idle" && this.state !== "connecting") return Promise.resolve();
    if (!this.readyPromise) {
      this.readyPromise = new Promise((resolve) => {
        this.resolveReady = resolve;
      });
    }
    return this.readyPromise;
  }

  /** Every visible change, in sequence order, once each. */
  onEvent(listener: Listener<EventFrame>): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** N1: the user's bell changed ("notifications.changed"); never passed to onEvent. */
  onNotifications(listener: Listener<NotificationsFrame>): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /** Sends a frame now if the stream is up; false when it is not (nothing is queued). */
  send(frame: ClientFrame): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || this.state !== "live") return false;
    this.transmit(ws, frame);
    return true;
  }

  private transmit(ws: WebSocket, frame: ClientFrame): void {
    if (frame.type === "presence") this.presenceInFlight.push(frame);
    ws.send(JSON.stringify(frame));
  }

  /** The page's presence: sent now, and again after every (re)connection's hello. */
  setPresence(frame: PresenceFrame): void {
    this.presence = frame;
    this.send(frame);
  }

  /** The presence last set (read by the browser tests). */
  get currentPresence(): PresenceFrame | null {
    return this.presence;
  }

  /** The server cannot replay the gap: refetch what is on screen. */
  onReloadNeeded(listener: Listener<void>): () => void {
    this.reloadListeners.add(listener);
    return () => this.reloadListeners.delete(listener);
  }

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  getStatus = (): RealtimeStatus => this.state;

  private setStatus(next: RealtimeStatus): void {
    if (next === this.state) return;
    this.state = next;
    if (next !== "idle" && next !== "connecting") {
      this.resolveReady?.();
      this.resolveReady = null;
    }
    this.statusListeners.forEach((l) => l());
  }

  private open(fromLastSeq: boolean): void {
    const since = fromLastSeq ? this.seq : null;
    const first = this.state === "idle";
    this.setStatus(first ? "connecting" : "resyncing");
    const ws = new WebSocket(wsUrl(`/api/v1/events${since === null ? "" : `?since=${encodeURIComponent(since)}`}`));
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
          this.presenceInFlight = [];
          if (this.presence) this.transmit(ws, this.presence);
          // A reconnect without a known seq (the first connect had failed) may have missed changes.
          if (!first && since === null) this.reloadListeners.forEach((l) => l());
          break;
        case "event":
          if (this.seq !== null && frame.seq <= this.seq) return; // replay overlap
          this.seq = frame.seq;
          if (frame.kind === "notifications.changed") {
            this.notificationEvents += 1;
            this.notificationListeners.forEach((l) => l(frame));
          } else if (frame.conversation) {
            // Only conversation events reach the cache binding; a kind this page does not know is skipped.
            this.eventListeners.forEach((l) => l(frame));
          }
          break;
        case "reload_needed":
          this.seq = frame.seq;
          this.reloads += 1;
          this.reloadListeners.forEach((l) => l());
          break;
        case "presence_saved":
          this.presenceSaved += 1;
          this.savedPresence = this.presenceInFlight.shift() ?? this.savedPresence;
          break;
        case "error":
          this.presenceInFlight.shift();
          this.presenceError = frame.message;
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
      void call(http.GET("/api/v1/me")).then(
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
      reloads(): number;
      presence(): PresenceFrame | null;
      notificationEvents(): number;
      presenceSaved(): number;
      savedPresence(): PresenceFrame | null;
      presenceError(): string | null;
    };
  }
}

// Hook for browser tests and for poking at the connection from the devtools console.
window.__atendeRealtime = {
  drop: () => realtime.drop(),
  resync: () => realtime.resync(),
  status: () => realtime.status,
  lastSeq: () => realtime.lastSeq,
  reloads: () => realtime.reloads,
  presence: () => realtime.currentPresence,
  notificationEvents: () => realtime.notificationEvents,
  presenceSaved: () => realtime.presenceSaved,
  savedPresence: () => realtime.savedPresence,
  presenceError: () => realtime.presenceError,
};

/** The stream's status, re-rendering on change. */
export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(realtime.subscribeStatus, realtime.getStatus);
}
