// N3: "ao entrar no PWA pela primeira vez, permitir as notificações". In the installed app, while
// the browser has not been asked yet, a small banner offers to turn push on for this device; it
// is shown once (either answer is kept on the device). "Meu Perfil" has the switch for later.
import { useState } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { enablePush, isInstalledApp, notificationPermission, pushSupport } from "../notifications/push";
import { showToast } from "../ui/toast";
import { BellIcon } from "../ui/icons";

const OFFERED_KEY = "atende.push.offered";

function offeredBefore(): boolean {
  try {
    return localStorage.getItem(OFFERED_KEY) === "1";
  } catch {
    return true;
  }
}

function rememberOffered(): void {
  try {
    localStorage.setItem(OFFERED_KEY, "1");
  } catch {
    // private mode
  }
}

export function PushOffer() {
  const { t } = useI18n();
  const [show, setShow] = useState(
    () => pushSupport() === "supported" && isInstalledApp() && notificationPermission() === "default" && !offeredBefore(),
  );
  const [busy, setBusy] = useState(false);
  if (!show) return null;

  async function enable() {
    setBusy(true);
    rememberOffered();
    try {
      const result = await enablePush();
      if (result === "subscribed") showToast(t("push.enabled"));
      else if (result === "denied") showToast(t("push.blocked"), "error");
      else showToast(t("push.dismissed"), "error");
    } catch (err) {
      showToast(errorMessage(err), "error");
    } finally {
      setBusy(false);
      setShow(false);
    }
  }

  return (
    <div className="push-offer" role="region" aria-label={t("notif.settings")} data-testid="push-offer">
      <p className="push-offer-text">
        <BellIcon size={18} />
        <span>{t("push.offer")}</span>
      </p>
      <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void enable()}>
        {t("push.offerEnable")}
      </button>
      <button
        type="button"
        className="btn btn-ghost"
        disabled={busy}
        onClick={() => {
          rememberOffered();
          setShow(false);
        }}
      >
        {t("push.offerLater")}
      </button>
    </div>
  );
}
