// Binds notifications to the live stream for the signed-in shell: the page's presence is sent on
// every change of route or visibility (and after each hello, by the socket); each
// "notifications.changed" asks the bell again and plays the sound when shouldPlaySound says so;
// a resync or reload_needed asks the bell again too (what was missed may have changed it).
import { useQueryClient } from "@tanstack/react-query";
import { useRouter, useRouterState } from "@tanstack/react-router";
import { useEffect, useSyncExternalStore } from "react";
import { refreshNotifications } from "../queries/notifications";
import { realtime } from "../realtime/socket";
import { playChime } from "./chime";
import { deviceId } from "./device";
import { pageOf, presenceFrame } from "./presence";
import { isMuted, shouldPlaySound } from "./sound";

function subscribeVisibility(listener: () => void): () => void {
  document.addEventListener("visibilitychange", listener);
  return () => document.removeEventListener("visibilitychange", listener);
}

const visibility = () => document.visibilityState;

declare global {
  interface Window {
    __atendeNotifications?: { sounds(): number };
  }
}

let sounds = 0;
window.__atendeNotifications = { sounds: () => sounds };

export function useNotificationWiring(): void {
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const visible = useSyncExternalStore(subscribeVisibility, visibility);

  useEffect(() => {
    realtime.setPresence(presenceFrame(deviceId(), pathname, visible));
  }, [pathname, visible]);

  useEffect(() => {
    const offNotify = realtime.onNotifications((frame) => {
      refreshNotifications(queryClient);
      // A deletion (here or on another page of the user) is no news.
      if (frame.reason === "removed") return;
      const page = pageOf(router.state.location.pathname);
      if (shouldPlaySound({ page, visible: document.visibilityState === "visible", muted: isMuted() })) {
        sounds += 1;
        playChime();
      }
    });
    const offReload = realtime.onReloadNeeded(() => refreshNotifications(queryClient));
    let previous = realtime.status;
    const offStatus = realtime.subscribeStatus(() => {
      const was = previous;
      previous = realtime.status;
      if (realtime.status === "live" && was === "resyncing") refreshNotifications(queryClient);
    });
    return () => {
      offNotify();
      offReload();
      offStatus();
    };
  }, [queryClient, router]);
}
