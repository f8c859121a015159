// A media library item as a tile (C11): stickers and images as their picture (served by
// /api/v1/media-library/{id}/file), other kinds as an icon with their kind, the name below.
// The composer's library dialog and the admin page show items alike.
import type { MediaItem } from "../api/types";
import { useI18n, type MessageKey } from "../i18n";
import { FileIcon, ImageIcon, MicIcon } from "../ui/icons";

export function MediaThumb({ item }: { item: MediaItem }) {
  const { t } = useI18n();
  const kind = t(`library.kind.${item.kind}` as MessageKey);
  const picture = item.kind === "sticker" || item.kind === "image";
  const Icon = item.kind === "audio" ? MicIcon : item.kind === "video" ? ImageIcon : FileIcon;
  return (
    <span className={`library-thumb library-thumb-${item.kind}`}>
      <span className="library-picture">
        {picture ? (
          <img src={item.url} alt={item.name} loading="lazy" />
        ) : (
          <span className="library-icon">
            <Icon size={28} />
            <span className="muted">{kind}</span>
          </span>
        )}
      </span>
      <span className="library-name">{item.name}</span>
    </span>
  );
}
