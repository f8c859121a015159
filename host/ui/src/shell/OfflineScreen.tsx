// What the app shows when it cannot reach the server at all: the installed app (or a tab) opened
// from the service worker's cache while the server or the network is down. "Sem conexão", and a
// retry, also made by itself when the browser says the network is back or the server answers
// again. Any other failure of a route gets its message and the same retry.
import { useRouter, type ErrorComponentProps } from "@tanstack/react-router";
import { useEffect } from "react";
import { ApiError, errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { OfflineIcon } from "../ui/icons";

const RETRY_EVERY_MS = 10_000;

/** Whether the error means the server could not be reached (network down, server stopped, a proxy's 502–504). */
export function isOfflineError(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || (err.status >= 502 && err.status <= 504));
}

export function RouteError({ error, reset }: ErrorComponentProps) {
  const { t } = useI18n();
  const router = useRouter();
  const offline = isOfflineError(error);

  const retry = () => {
    reset();
    void router.invalidate();
  };

  useEffect(() => {
    if (!offline) return;
    const onOnline = () => retry();
    window.addEventListener("online", onOnline);
    // The network may be fine and the server down: look for it now and then, quietly.
    let stopped = false;
    const timer = setInterval(() => {
      fetch("/api/v1/me", { credentials: "same-origin", cache: "no-store" }).then(
        (res) => !stopped && res.status < 502 && retry(),
        () => undefined,
      );
    }, RETRY_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener("online", onOnline);
    };
  }, [offline]);

  return (
    <main className="center-page offline-page" data-testid={offline ? "offline-state" : "route-error"}>
      <div className="card offline-card" role="alert">
        {offline && <OfflineIcon size={40} className="offline-icon" />}
        <h1>{offline ? t("offline.title") : t("error.title")}</h1>
        <p>{offline ? t("offline.text") : errorMessage(error)}</p>
        <button type="button" className="btn btn-primary" onClick={retry}>
          {t("offline.retry")}
        </button>
      </div>
    </main>
  );
}
