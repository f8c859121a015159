// The list's one-line preview of the last message. The server stores a Portuguese preview
// ("📷 Imagem" for a photo without caption, host/src/domain/message.rs); in English those fixed
// labels are translated, and a chat without messages gets its own line, never an empty one.
import { translate, type MessageKey } from "../i18n";

/** The server's fixed previews of captionless media, with the key of their label. */
const SERVER_LABELS: Record<string, MessageKey> = {
  "📷 Imagem": "preview.image",
  "🎤 Áudio": "preview.audio",
  "🎬 Vídeo": "preview.video",
  "📄 Documento": "preview.document",
  Figurinha: "preview.sticker",
  "📍 Localização": "preview.location",
  "👤 Contato": "preview.contact",
  Reação: "preview.reaction",
  Template: "preview.template",
  Botões: "preview.interactive",
  "Mencionou você no story": "preview.storyMention",
  "Mensagem não suportada": "preview.unsupported",
};

export function previewText(preview: string | null | undefined): string {
  const text = preview?.trim();
  if (!text) return translate("list.noMessages");
  const label = SERVER_LABELS[text];
  return label ? translate(label) : text;
}
