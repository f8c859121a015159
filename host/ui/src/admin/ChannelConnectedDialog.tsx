// After a Meta channel is connected (CH1–CH3): the callback URL and the verify token to copy
// into Meta's webhook settings, with the short "how to register at Meta" steps. The verify token
// is shown this once (the server keeps it sealed); the URL stays on the channel's row.
import { useI18n } from "../i18n";
import type { Channel } from "../queries/channels";
import { Dialog } from "../ui/Dialog";
import { webhookUrl } from "./channelForm";
import { CopyField } from "./CopyField";

interface Props {
  connected: { channel: Channel; verifyToken: string } | null;
  onClose: () => void;
}

export function ChannelConnectedDialog({ connected, onClose }: Props) {
  const { t } = useI18n();
  if (!connected) return null;
  const { channel, verifyToken } = connected;
  return (
    <Dialog
      open
      title={t("channelsAdmin.connectedTitle", { name: channel.name })}
      onClose={onClose}
      dismissOnBackdrop={false}
      testId="channel-connected"
      actions={
        <button type="button" className="btn btn-primary" onClick={onClose}>
          {t("channelsAdmin.done")}
        </button>
      }
    >
      <p>{t("channelsAdmin.registerHint")}</p>
      {channel.webhook_path && <CopyField label={t("channelsAdmin.webhookUrl")} value={webhookUrl(window.location.origin, channel.webhook_path)} />}
      <CopyField label={t("channelsAdmin.verifyToken")} value={verifyToken} />
      <p className="token-warning">{t("channelsAdmin.verifyTokenOnce")}</p>
    </Dialog>
  );
}
