// Web Push on this device (N3): the subscription lives in the browser (the service worker's
// pushManager) and on the server (PUT /api/v1/push/subscriptions/{device}); both are made when
// the user turns "Notificações push neste dispositivo" on, after the browser's permission, and
// removed when they turn it off or sign out. The server's VAPID key signs every push.
import { call, http } from "../api/client";
import { isStatus } from "../api/errors";
import type { NewPushSubscription } from "../api/types";
import { base64UrlToBytes, bytesToBase64Url, sameBytes } from "./base64url";
import { deviceId } from "./device";

export type PushSupport = "supported" | "unsupported" | "insecure";

/** Whether this browser can receive push at all (a service worker, PushManager, notifications). */
export function pushSupport(): PushSupport {
  if (typeof window === "undefined") return "unsupported";
  if (!window.isSecureContext) return "insecure";
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return "unsupported";
  return "supported";
}

/** "default" (not asked yet), "granted" or "denied" (blocked: only the site settings undo it). */
export function notificationPermission(): NotificationPermission {
  return "Notification" in window ? Notification.permission : "denied";
}

/** Whether the page runs as the installed app (N3: offer push on the first visit). */
export function isInstalledApp(): boolean {
  return window.matchMedia?.("(display-mode: standalone)").matches === true || (navigator as { standalone?: boolean }).standalone === true;
}

async function registration(timeoutMs = 10_000): Promise<ServiceWorkerRegistration> {
  const ready = navigator.serviceWorker.ready;
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("service worker not ready")), timeoutMs));
  return Promise.race([ready, timeout]);
}

/** Whether the server has a subscription for this device. */
export async function serverHasSubscription(device = deviceId()): Promise<boolean> {
  try {
    await call(http.GET("/api/v1/push/subscriptions/{device}", { params: { path: { device } } }));
    return true;
  } catch (err) {
    if (isStatus(err, 404)) return false;
    throw err;
  }
}

export type EnableResult = "subscribed" | "denied" | "dismissed";

/**
 * Asks the browser's permission (when not given yet), subscribes with the server's key and
 * hands the subscription to the server. "denied": the browser blocks notifications for the
 * site; "dismissed": the user closed the prompt without choosing.
 */
export async function enablePush(device = deviceId()): Promise<EnableResult> {
  let permission = notificationPermission();
  if (permission === "default") permission = await Notification.requestPermission();
  if (permission === "denied") return "denied";
  if (permission !== "granted") return "dismissed";

  const { public_key } = await call(http.GET("/api/v1/push/key"));
  const key = base64UrlToBytes(public_key);
  const reg = await registration();
  let sub = await reg.pushManager.getSubscription();
  // A subscription made with another key (the server's keys changed) cannot be used.
  if (sub && !sameBytes(sub.options?.applicationServerKey, key)) {
    await sub.unsubscribe().catch(() => false);
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await call(http.PUT("/api/v1/push/subscriptions/{device}", { params: { path: { device } }, body: subscriptionBody(sub) }));
  return "subscribed";
}

function subscriptionBody(sub: PushSubscription): NewPushSubscription {
  const json = sub.toJSON?.() as { keys?: { p256dh?: string; auth?: string } } | undefined;
  const keyOf = (name: PushEncryptionKeyName): string => {
    const fromJson = json?.keys?.[name];
    if (fromJson) return fromJson;
    const raw = sub.getKey(name);
    if (!raw) throw new Error(`subscription without ${name}`);
    return bytesToBase64Url(raw);
  };
  return { endpoint: sub.endpoint, keys: { p256dh: keyOf("p256dh"), auth: keyOf("auth") } };
}

/** Removes this device's subscription from the browser, then from the server. */
export async function disablePush(device = deviceId()): Promise<void> {
  await unsubscribeLocally();
  try {
    await call(http.DELETE("/api/v1/push/subscriptions/{device}", { params: { path: { device } } }));
  } catch (err) {
    if (!isStatus(err, 404)) throw err;
  }
}

/**
 * Drops the browser's subscription (at sign-out; the server removes its own). Never waits for a
 * service worker that is not there, and never fails.
 */
export async function unsubscribeLocally(): Promise<void> {
  try {
    if (!("serviceWorker" in navigator)) return;
    const reg = await navigator.serviceWorker.getRegistration();
    const sub = await reg?.pushManager?.getSubscription();
    await sub?.unsubscribe();
  } catch {
    // nothing to undo here
  }
}
