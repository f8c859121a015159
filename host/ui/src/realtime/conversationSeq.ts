// Which live event last touched each conversation, by its sequence number. An action's answer
// (assign, close, forward to a flow …) is the chat as it was when the server answered; an
// event may have overtaken it (a flow's messages and state arrive while the request is still
// on its way back), and then the answer is older than the cache and must not replace it.

const lastSeq = new Map<number, number>();

/** Called for every event applied to the cache. */
export function noteConversationEvent(conversationId: number, seq: number): void {
  lastSeq.set(conversationId, Math.max(seq, lastSeq.get(conversationId) ?? 0));
}

/** Whether an event about the conversation arrived after sequence `since`. */
export function eventSince(conversationId: number, since: number | null): boolean {
  const seen = lastSeq.get(conversationId);
  return seen !== undefined && (since === null || seen > since);
}
