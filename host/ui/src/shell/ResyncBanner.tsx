// The banner shown when the live connection is gone (L6): "Ressincronizar" reconnects from the
// last sequence seen and the missed changes are applied in order; an unreachable server says so
// plainly: "Sem conexão", with the source text's message. Text being typed lives outside the
// cache, so nothing here touches it.
import { useI18n } from "../i18n";
import { realtime, useRealtimeStatus } from "../realtime/socket";
import { OfflineIcon } from "../ui/icons";

export function ResyncBanner() {
  const { t } = useI18n();
  const status = useRealtimeStatus();
  if (status !== "dropped" && status !== "resyncing" && status !== "unreachable") return null;
  const offline = status === "unreachable";
  return (
    <div className={offline ? "resync-banner offline" : "resync-banner"} role="status" data-testid={offline ? "offline-banner" : undefined}>
      {offline && (
        <strong className="offline-label">
          <OfflineIcon size={18} />
          {t("offline.title")}
        </strong>
      )}
      <span className="resync-text">{offline ? t("rt.unreachable") : t("rt.dropped")}</span>
      <button type="button" className="btn btn-primary" disabled={status === "resyncing"} onClick={() => realtime.resync()}>
        {status === "resyncing" ? t("rt.resyncing") : t("rt.resync")}
      </button>
    </div>
  );
}
