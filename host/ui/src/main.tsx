// Entry point: the query cache and the router, mounted into #root. A 401 from any call (an
// expired session) drops the cache and goes to the login page, keeping where the user was; a 403
// `password_change_required` (an admin asked for a new password) asks GET /me again, so the open
// app turns into "Troque sua senha" at once. The service worker (the installed app, offline
// shell, push) is registered here.
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { setPasswordChangeRequiredHandler, setUnauthorizedHandler } from "./api/client";
import type { Me } from "./api/types";
import { queryClient } from "./app/queryClient";
import { makeRouter } from "./app/router";
import { registerServiceWorker } from "./notifications/serviceWorker";
import { keys } from "./queries/keys";
import { realtime } from "./realtime/socket";
import "./styles/base.css";
import "./styles/ui.css";
import "./styles/shell.css";
import "./styles/list.css";
import "./styles/conversation.css";
import "./styles/simulator.css";
import "./styles/settings.css";

const router = makeRouter(queryClient);

setUnauthorizedHandler(() => {
  if (router.state.location.pathname === "/login") return;
  realtime.stop();
  queryClient.clear();
  void router.navigate({ to: "/login", search: { redirect: router.state.location.href }, replace: true });
});

setPasswordChangeRequiredHandler(() => {
  // Once GET /me says so the shell shows the page; the calls refused meanwhile ask nothing more.
  if (queryClient.getQueryData<Me>(keys.me)?.user.must_change_password) return;
  // A burst of refusals shares one GET /me.
  void queryClient.invalidateQueries({ queryKey: keys.me }, { cancelRefetch: false });
});

// N3: the offline app shell and push; a notification's click opens its chat here.
registerServiceWorker((path) => void router.history.push(path));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
