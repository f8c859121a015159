// "Notificações" on "Meu Perfil": this device's sound (N2, the same toggle as the sound icon) and
// push (N3): "Notificações push neste dispositivo" asks the browser's permission, subscribes and
// tells the server; off, it unsubscribes and the server forgets the device. When the browser
// blocks notifications, it says how to allow them again ("Configurações do site" →
// "Notificações", as the source text explains).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { deviceId } from "../notifications/device";
import { disablePush, enablePush, notificationPermission, pushSupport, serverHasSubscription } from "../notifications/push";
import { setMuted, useMuted } from "../notifications/sound";
import { keys } from "../queries/keys";
import { showToast } from "../ui/toast";

/** The browser's notification permission, following changes made in the site settings. */
function usePermission(): NotificationPermission {
  const [permission, setPermission] = useState(notificationPermission);
  useEffect(() => {
    let status: PermissionStatus | null = null;
    const update = () => setPermission(notificationPermission());
    navigator.permissions
      ?.query({ name: "notifications" })
      .then((s) => {
        status = s;
        s.addEventListener("change", update);
      })
      .catch(() => undefined);
    window.addEventListener("focus", update);
    return () => {
      status?.removeEventListener("change", update);
      window.removeEventListener("focus", update);
    };
  }, []);
  return permission;
}

function Switch({ labelId, on, disabled, onToggle, testId }: { labelId: string; on: boolean; disabled?: boolean; onToggle: () => void; testId: string }) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-labelledby={labelId}
      className={on ? "switch on" : "switch"}
      disabled={disabled}
      onClick={onToggle}
      data-testid={testId}
    >
      <span className="switch-knob" aria-hidden="true" />
      <span className="switch-text">{on ? t("common.yes") : t("common.no")}</span>
    </button>
  );
}

export function NotificationsCard() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const headingId = useId();
  const soundId = useId();
  const pushId = useId();
  const muted = useMuted();
  const permission = usePermission();
  const support = pushSupport();
  const device = deviceId();
  const [busy, setBusy] = useState(false);
  const subscription = useQuery({
    queryKey: keys.pushSubscription(device),
    queryFn: () => serverHasSubscription(device),
    enabled: support === "supported",
    staleTime: 0,
  });
  const on = subscription.data === true;

  async function togglePush() {
    setBusy(true);
    try {
      if (on) {
        await disablePush(device);
        queryClient.setQueryData(keys.pushSubscription(device), false);
        showToast(t("push.disabled"));
      } else {
        const result = await enablePush(device);
        if (result === "subscribed") {
          queryClient.setQueryData(keys.pushSubscription(device), true);
          showToast(t("push.enabled"));
        } else if (result === "dismissed") {
          showToast(t("push.dismissed"), "error");
        }
      }
    } catch (err) {
      showToast(errorMessage(err), "error");
    } finally {
      setBusy(false);
    }
  }

  const blocked = support === "supported" && permission === "denied";
  const note =
    support === "insecure" ? t("push.insecure") : support === "unsupported" ? t("push.unsupported") : blocked ? t("push.blocked") : null;

  return (
    <section className="profile-notifications" aria-labelledby={headingId} data-testid="notifications-settings">
      <h2 id={headingId}>{t("notif.settings")}</h2>
      <div className="switch-row">
        <span id={soundId} className="switch-label">
          {t("notif.soundSetting")}
        </span>
        <Switch labelId={soundId} on={!muted} onToggle={() => setMuted(!muted)} testId="sound-switch" />
      </div>
      <p className="field-hint">{t("notif.soundHint")}</p>
      <div className="switch-row">
        <span id={pushId} className="switch-label">
          {t("push.switch")}
        </span>
        <Switch
          labelId={pushId}
          on={on}
          disabled={busy || support !== "supported" || subscription.isPending || (blocked && !on)}
          onToggle={() => void togglePush()}
          testId="push-switch"
        />
      </div>
      <p className="field-hint">{t("push.hint")}</p>
      {note && (
        <p className={blocked ? "push-note blocked" : "push-note"} role="note" data-testid="push-note">
          {note}
        </p>
      )}
    </section>
  );
}
