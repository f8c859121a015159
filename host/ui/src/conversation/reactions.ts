// C6: reactions shown on the message they react to, not as messages of their own — ours and
// the contact's, each side wearing its own. The server keeps each reaction as a row of the
// history (and lists only each side's current one); at the contact's phone a new reaction
// replaces the previous one and an empty one takes it back, so here too the newest reaction of
// a side to a message is the one it wears, and a taken-back one leaves it bare. A contact's
// reaction to a message the server could not find (sent before Atende, say) stays in the history
// as a line of its own.
import type { Message } from "../api/types";
import { reaction } from "./payload";

export interface FoldedHistory {
  /** The history without the reactions that found their message, oldest first. */
  shown: Message[];
  /** Message id → the emoji our newest reaction put on it. */
  reactionOn: Map<number, string>;
  /** Message id → the emoji the contact's newest reaction put on it. */
  contactReactionOn: Map<number, string>;
}

export function foldReactions(history: Message[]): FoldedHistory {
  const shown: Message[] = [];
  const reactionOn = new Map<number, string>();
  const contactReactionOn = new Map<number, string>();
  // The history is oldest first: a later reaction to the same message overwrites the earlier.
  for (const m of history) {
    const r = reaction(m);
    if (!r || r.targetId === null) {
      if (!(r && m.direction === "outbound")) shown.push(m);
      continue;
    }
    const side = m.direction === "outbound" ? reactionOn : contactReactionOn;
    if (r.emoji === null) side.delete(r.targetId);
    else side.set(r.targetId, r.emoji);
  }
  return { shown, reactionOn, contactReactionOn };
}
/** The emojis an agent picks from (WhatsApp's quick reactions). */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;
