// The composer's calls, each answering the message the server stored (it goes into the
// history at once; its live event then changes nothing): text or internal note (C13), a file
// (C9, C15), a contact card (C10), a template (C7, C14), a reaction or its removal (C6).
import { call, http } from "../api/client";
import type { Message } from "../api/types";

export function sendText(conversationId: number, text: string, internal: boolean): Promise<Message> {
  return call(http.POST("/api/v1/conversations/{id}/messages", { params: { path: { id: conversationId } }, body: { text, internal } }));
}

/** A file as `multipart/form-data`; its type decides image, audio (OGG = voice note), document … */
export function sendFile(conversationId: number, file: Blob, fileName: string, caption?: string): Promise<Message> {
  const form = new FormData();
  form.append("file", file, fileName);
  if (caption?.trim()) form.append("caption", caption.trim());
  return call(
    http.POST("/api/v1/conversations/{id}/media", {
      params: { path: { id: conversationId } },
      body: form as never,
      bodySerializer: (body: unknown) => body as FormData,
    }),
  );
}

export function sendContactCard(conversationId: number, card: { name: string; phone?: string; email?: string }): Promise<Message> {
  return call(
    http.POST("/api/v1/conversations/{id}/contact-card", {
      params: { path: { id: conversationId } },
      body: { name: card.name, phone: card.phone || null, email: card.email || null },
    }),
  );
}

export function sendTemplate(
  conversationId: number,
  templateId: number,
  values: { positional: string[]; named: Record<string, string> },
): Promise<Message> {
  return call(
    http.POST("/api/v1/conversations/{id}/templates", {
      params: { path: { id: conversationId } },
      body: { template_id: templateId, positional: values.positional, named: values.named },
    }),
  );
}

/** C6: `emoji` on a contact's message (replacing ours), or null to take ours back. */
export function react(conversationId: number, messageId: number, emoji: string | null): Promise<Message> {
  const path = { params: { path: { id: conversationId } } };
  return emoji === null
    ? call(http.POST("/api/v1/conversations/{id}/reactions/remove", { ...path, body: { message_id: messageId } }))
    : call(http.POST("/api/v1/conversations/{id}/reactions", { ...path, body: { message_id: messageId, emoji } }));
}
