// Composer drafts per conversation, kept outside React and the query cache, so no resync,
// refetch, live update or switch between conversations loses what the agent was typing (L6);
// mirrored to sessionStorage so a reload of the tab keeps them too.

/** The part of the Storage API drafts need (sessionStorage in the app, a Map in tests). */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = "atende.draft.";

export function createDrafts(storage: DraftStorage | null) {
  const memory = new Map<number, string>();
  return {
    get(conversationId: number): string {
      const kept = memory.get(conversationId);
      if (kept !== undefined) return kept;
      try {
        return storage?.getItem(PREFIX + conversationId) ?? "";
      } catch {
        return "";
      }
    },
    set(conversationId: number, text: string): void {
      if (text) memory.set(conversationId, text);
      else memory.delete(conversationId);
      try {
        if (text) storage?.setItem(PREFIX + conversationId, text);
        else storage?.removeItem(PREFIX + conversationId);
      } catch {
        // storage full or disabled: the draft lives in memory for this page
      }
    },
  };
}

function sessionStore(): DraftStorage | null {
  try {
    return typeof sessionStorage === "undefined" ? null : sessionStorage;
  } catch {
    return null;
  }
}

const drafts = createDrafts(sessionStore());

export const getDraft = drafts.get;
export const setDraft = drafts.set;
