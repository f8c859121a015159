// C6: our reactions shown on the message they react to, not as messages of their own. The
// server keeps each reaction as a row of the history; at the contact's phone a new reaction
// replaces the previous one and an empty one takes it back, so here too the newest reaction to
// a message is the one it wears, and a taken-back one leaves it bare. A contact's reactions
// name their target only by the channel's id, which the history does not carry: they stay in
// the history as lines of their own.
import type { Message } from "../api/types";
import { reaction } from "./payload";

export interface FoldedHistory {
  /** The history without our reactions, oldest first. */
  shown: Message[];
  /** Message id → the emoji our newest reaction put on it. */
  reactionOn: Map<number, string>;
}

export function foldReactions(history: Message[]): FoldedHistory {
  const shown: Message[] = [];
  const reactionOn = new Map<number, string>();
  // The history is oldest first: a later reaction to the same message overwrites the earlier.
  for (const m of history) {
    const r = m.direction === "outbound" ? reaction(m) : null;
    if (!r) {
      shown.push(m);
      continue;
    }
    if (r.targetId === null) continue;
    if (r.emoji === null) reactionOn.delete(r.targetId);
    else reactionOn.set(r.targetId, r.emoji);
  }
  return { shown, reactionOn };
}

/** The emojis an agent picks from (WhatsApp's quick reactions). */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;
