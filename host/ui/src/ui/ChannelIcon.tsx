// A chat's channel (L11): WhatsApp, Instagram, Facebook (Messenger) or the simulator, as an
// icon whose hover title names the kind and the number or page.
import { useI18n, type MessageKey } from "../i18n";
import { ChannelGlyph } from "./icons";

export function channelKindLabel(kind: string, t: (k: MessageKey) => string): string {
  switch (kind) {
    case "whatsapp":
    case "instagram":
    case "messenger":
    case "simulator":
      return t(`channels.kind.${kind}`);
    default:
      return kind;
  }
}

export function ChannelIcon({ kind, name, size }: { kind: string; name?: string; size?: number }) {
  const { t } = useI18n();
  const kindName = channelKindLabel(kind, t);
  const title = name ? `${kindName}: ${name}` : kindName;
  return (
    <span className={`channel-icon channel-${kind}`} title={title} data-channel={kind}>
      <ChannelGlyph kind={kind} label={title} size={size} />
    </span>
  );
}
