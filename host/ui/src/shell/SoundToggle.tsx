// The sound icon (N2): turns this device's notification sounds off and on again. Its name stays
// "Notificações sonoras" and aria-pressed says whether they are on; the hover title says what a
// click does ("Desativar notificações sonoras" / "Ativar notificações sonoras").
import { useI18n } from "../i18n";
import { setMuted, useMuted } from "../notifications/sound";
import { SoundIcon } from "../ui/icons";

export function SoundToggle() {
  const { t } = useI18n();
  const muted = useMuted();
  const action = muted ? t("notif.soundOn") : t("notif.soundOff");
  return (
    <button
      type="button"
      className={muted ? "icon-button sound-toggle muted" : "icon-button sound-toggle"}
      aria-label={t("notif.sound")}
      aria-pressed={!muted}
      title={action}
      data-testid="sound-toggle"
      onClick={() => setMuted(!muted)}
    >
      <SoundIcon muted={muted} size={20} />
    </button>
  );
}
