// What the open conversation offers the parts inside it (header, settings panel): opening the
// closing dialog (C4, K1), whichever asked.
import { createContext, useContext } from "react";

export interface ConversationActions {
  openClose: () => void;
}

export const ConversationActionsContext = createContext<ConversationActions>({ openClose: () => undefined });

export function useConversationActions(): ConversationActions {
  return useContext(ConversationActionsContext);
}
