// Composer drafts per conversation, kept outside React so that no reload, resync, live update or
// switching between conversations loses what the agent was typing (L6).
const drafts = new Map<number, string>();

export function getDraft(conversationId: number): string {
  return drafts.get(conversationId) ?? "";
}

export function setDraft(conversationId: number, text: string): void {
  if (text) drafts.set(conversationId, text);
  else drafts.delete(conversationId);
}
