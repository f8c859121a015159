// What a node on the canvas needs from the editor beyond its data: the step types' titles and
// the actions its toolbar offers (make it the entry, delete it).
import { createContext, useContext } from "react";

export interface NodeActions {
  titleOf: (type: string) => string | undefined;
  makeEntry: (id: string) => void;
  remove: (id: string) => void;
}

export const NodeActionsContext = createContext<NodeActions | null>(null);

export function useNodeActions(): NodeActions {
  const actions = useContext(NodeActionsContext);
  if (!actions) throw new Error("useNodeActions outside the flow editor");
  return actions;
}
