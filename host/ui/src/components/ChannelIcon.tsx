// A small badge for a conversation's channel (L11): WhatsApp, Instagram, Messenger or simulator.
import { useI18n } from "../i18n";
import type { ChannelKind } from "../types";

const LABELS: Record<ChannelKind, string> = {
  whatsapp: "WA",
  instagram: "IG",
  messenger: "FB",
  simulator: "SIM",
};

export function ChannelIcon({ kind, name }: { kind: ChannelKind; name?: string }) {
  const { t } = useI18n();
  const kindName = t(`channels.kind.${kind}`);
  const title = name ? `${kindName}: ${name}` : kindName;
  return (
    <span className={`channel-icon channel-${kind}`} title={title} aria-label={title}>
      {LABELS[kind] ?? "?"}
    </span>
  );
}
