// The signed-in side of the app: checks the session (GET /me), sends 401s to /login, and switches
// between the login page and the inbox.
import { useCallback, useEffect, useState } from "react";
import { api, ApiError, errorMessage, setUnauthorizedHandler } from "../api";
import { useI18n } from "../i18n";
import { realtime } from "../realtime";
import { navigate } from "../router";
import type { Me } from "../types";
import { InboxPage } from "./InboxPage";
import { LoginPage } from "./LoginPage";

type Session = { status: "checking" } | { status: "out" } | { status: "in"; me: Me };

export function AgentApp({ path }: { path: string }) {
  const { t } = useI18n();
  const [session, setSession] = useState<Session>({ status: "checking" });
  const [bootError, setBootError] = useState<string | null>(null);

  const signOut = useCallback(() => {
    realtime.stop();
    setSession({ status: "out" });
    navigate("/login", { replace: true });
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(signOut);
    return () => setUnauthorizedHandler(null);
  }, [signOut]);

  const check = useCallback(() => {
    setBootError(null);
    api.me().then(
      (me) => setSession({ status: "in", me }),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) setSession({ status: "out" });
        else setBootError(errorMessage(err));
      },
    );
  }, []);

  useEffect(check, [check]);

  // Keep the URL in line with the session: signed out → /login, signed in → away from /login.
  useEffect(() => {
    if (session.status === "out" && path !== "/login") navigate("/login", { replace: true });
    if (session.status === "in" && path !== "/") navigate("/", { replace: true });
  }, [session.status, path]);

  if (bootError) {
    return (
      <div className="center-page">
        <p className="error-text">{bootError}</p>
        <button className="btn" onClick={check}>
          {t("common.retry")}
        </button>
      </div>
    );
  }
  if (session.status === "checking") return <div className="center-page">{t("common.loading")}</div>;
  if (session.status === "out" || path === "/login") {
    return <LoginPage onSignedIn={(me) => setSession({ status: "in", me })} />;
  }
  return (
    <InboxPage
      me={session.me}
      onLogout={async () => {
        try {
          await api.logout();
        } finally {
          signOut();
        }
      }}
    />
  );
}
