// What the open conversation offers the parts inside it (header, settings panel): opening the
// closing dialog (C4, K1), whichever asked, and the search in its messages (C2).
import { createContext, useContext } from "react";

export interface ConversationActions {
  openClose: () => void;
  openSearch: () => void;
}

export const ConversationActionsContext = createContext<ConversationActions>({ openClose: () => undefined, openSearch: () => undefined });

export function useConversationActions(): ConversationActions {
  return useContext(ConversationActionsContext);
}
