// The composer's "+": "Imagem" and "Documento" send a file from the computer as soon as it is
// chosen (C9), "Contato" opens the contact card form (C10), "Biblioteca de Mídias" the account's
// saved stickers and files (C11).
import { useRef, useState } from "react";
import { errorMessage } from "../api/errors";
import type { Message } from "../api/types";
import { useI18n } from "../i18n";
import { PlusIcon } from "../ui/icons";
import { Menu } from "../ui/Menu";
import { ContactCardDialog } from "./ContactCardDialog";
import { MediaLibraryDialog } from "./MediaLibraryDialog";
import { sendFile } from "./send";

/** The pictures WhatsApp takes as images (the server checks the bytes too). */
const IMAGE_TYPES = "image/jpeg,image/png";
/** Documents: what the server sends as one (application/*, plain text). */
const DOCUMENT_TYPES = "application/*,text/plain,.pdf,.doc,.docx,.xls,.xlsx,.csv,.txt,.zip";

interface Props {
  conversationId: number;
  onSent: (message: Message) => void;
  onError: (message: string | null) => void;
}

export function AttachMenu({ conversationId, onSent, onError }: Props) {
  const { t } = useI18n();
  const imageRef = useRef<HTMLInputElement>(null);
  const documentRef = useRef<HTMLInputElement>(null);
  const [cardOpen, setCardOpen] = useState(false);
  const [libraryOpen, setLibraryOpen] = useState(false);
  const [uploading, setUploading] = useState(false);

  async function upload(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    setUploading(true);
    onError(null);
    try {
      onSent(await sendFile(conversationId, file, file.name));
    } catch (err) {
      onError(errorMessage(err));
    } finally {
      setUploading(false);
    }
  }

  return (
    <>
      <Menu
        className="attach-menu"
        label={uploading ? t("attach.uploading") : t("attach.label")}
        trigger={<PlusIcon size={18} />}
        align="start"
        testId="attach-menu"
        items={[
          { label: t("attach.image"), onSelect: () => imageRef.current?.click() },
          { label: t("attach.document"), onSelect: () => documentRef.current?.click() },
          { label: t("attach.contact"), onSelect: () => setCardOpen(true) },
          { label: t("attach.library"), onSelect: () => setLibraryOpen(true) },
        ]}
      />
      <input ref={imageRef} type="file" accept={IMAGE_TYPES} hidden data-testid="attach-image" onChange={(e) => void upload(e.currentTarget)} />
      <input ref={documentRef} type="file" accept={DOCUMENT_TYPES} hidden data-testid="attach-document" onChange={(e) => void upload(e.currentTarget)} />
      {cardOpen && <ContactCardDialog conversationId={conversationId} onSent={onSent} onClose={() => setCardOpen(false)} />}
      {libraryOpen && <MediaLibraryDialog conversationId={conversationId} onSent={onSent} onClose={() => setLibraryOpen(false)} />}
    </>
  );
}
