// C11 "Biblioteca de Mídias" in the composer: the account's library as a grid, stickers under
// "Figurinhas" and every other file under "Mídias", found by name. A click sends the item at once
// (a sticker is one tap, as in WhatsApp); in "Mídias" an optional caption goes with the kinds
// that take one. The sent message goes into the history like any other send.
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage } from "../api/errors";
import type { MediaItem, Message } from "../api/types";
import { useI18n } from "../i18n";
import { mediaLibraryQuery, sendMediaItem } from "../queries/mediaLibrary";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { EmptyState, ErrorState, LoadingState } from "../ui/States";
import { filterLibrary, type LibraryTab } from "./libraryItems";
import { MediaThumb } from "./MediaThumb";

const TABS: LibraryTab[] = ["stickers", "media"];

interface Props {
  conversationId: number;
  onSent: (message: Message) => void;
  onClose: () => void;
}

export function MediaLibraryDialog({ conversationId, onSent, onClose }: Props) {
  const { t } = useI18n();
  const ids = useId();
  const library = useQuery(mediaLibraryQuery);
  const [tab, setTab] = useState<LibraryTab>("stickers");
  const [search, setSearch] = useState("");
  const [caption, setCaption] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shown = library.data ? filterLibrary(library.data, tab, search) : [];

  async function send(item: MediaItem) {
    setSending(true);
    setError(null);
    try {
      onSent(await sendMediaItem(conversationId, item, caption));
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  return (
    <Dialog open title={t("library.title")} onClose={onClose} size="wide" testId="media-library-dialog">
      <div className="library-tabs" role="tablist" aria-label={t("library.tabs")}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`${ids}-${name}`}
            aria-selected={tab === name}
            aria-controls={`${ids}-panel`}
            className={tab === name ? "tab active" : "tab"}
            onClick={() => setTab(name)}
          >
            {t(`library.${name}`)}
          </button>
        ))}
      </div>
      <div className="library-panel form-stack" role="tabpanel" id={`${ids}-panel`} aria-labelledby={`${ids}-${tab}`}>
        <Field label={t("library.search")}>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" />
        </Field>
        {tab === "media" && (
          <Field label={t("library.caption")} hint={t("library.captionHint")}>
            <input value={caption} onChange={(e) => setCaption(e.target.value)} maxLength={1024} autoComplete="off" />
          </Field>
        )}
        {library.isPending && <LoadingState />}
        {library.isError && <ErrorState message={errorMessage(library.error)} onRetry={() => void library.refetch()} />}
        {library.data && shown.length === 0 && <EmptyState title={t(library.data.length ? "library.noMatch" : "library.empty")} />}
        <ul className="library-grid">
          {shown.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className="library-tile"
                aria-label={t("library.sendItem", { name: item.name })}
                disabled={sending}
                onClick={() => void send(item)}
              >
                <MediaThumb item={item} />
              </button>
            </li>
          ))}
        </ul>
        {sending && <p role="status">{t("library.sending")}</p>}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
