// "Número do cliente" as the server takes it (host/src/domain/contact.rs target_phone): DDD and
// number, hyphens allowed, no parentheses; with "Número estrangeiro", 8 to 15 digits with the
// country code. Checked here to show the message on the field before sending.
import type { MessageKey } from "../i18n";

export function phoneProblem(raw: string, foreign: boolean): MessageKey | null {
  const phone = raw.trim();
  if (!phone) return "newChat.phoneRequired";
  if (/[()]/.test(phone)) return "newChat.phoneParentheses";
  if (/[^\d-]/.test(phone)) return "newChat.phoneCharacters";
  const digits = phone.replace(/\D/g, "").length;
  if (foreign) return digits >= 8 && digits <= 15 ? null : "newChat.phoneForeign";
  if (digits === 10 || digits === 11) return null;
  if ((digits === 12 || digits === 13) && phone.replace(/\D/g, "").startsWith("55")) return null;
  return "newChat.phoneDomestic";
}
