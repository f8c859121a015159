// The signed-in layout: the top bar, the connection banner (L6) and the screen. It opens the
// live connection for the session and binds it to the query cache and to the notifications
// (presence, the bell, the sound), and offers push in the installed app (N3). When an admin asked
// this user for a new password (issue 17 part 5), the server answers nothing else until then:
// the page that asks for it stands instead, with no live connection and no notifications.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Outlet } from "@tanstack/react-router";
import { useEffect, useRef } from "react";
import type { Me } from "../api/types";
import { meQuery } from "../queries/session";
import { bindRealtimeToCache } from "../realtime/cacheSync";
import { realtime } from "../realtime/socket";
import { useNotificationWiring } from "../notifications/useNotificationWiring";
import { PasswordChangeRequired } from "./PasswordChangeRequired";
import { PushOffer } from "./PushOffer";
import { ResyncBanner } from "./ResyncBanner";
import { TopBar } from "./TopBar";

export function AppShell() {
  // The route's beforeLoad made sure it is in the cache.
  const me = useQuery(meQuery).data as Me;
  if (me.user.must_change_password) return <PasswordChangeRequired me={me} />;
  return <SignedInShell me={me} />;
}

function SignedInShell({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const meRef = useRef(me);
  meRef.current = me;

  useEffect(() => {
    const unbind = bindRealtimeToCache(queryClient, () => meRef.current.user);
    realtime.start();
    return () => {
      unbind();
      realtime.stop();
    };
  }, [queryClient]);
  useNotificationWiring();

  return (
    <div className="app-shell">
      <TopBar me={me} />
      <ResyncBanner />
      <PushOffer />
      <Outlet />
    </div>
  );
}
