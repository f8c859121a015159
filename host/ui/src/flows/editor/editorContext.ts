// What a node on the canvas needs from the editor beyond its data: the step types' titles, the
// actions its toolbar offers (make it the entry, delete it), and where a test run is (issue 16
// part 7: the node running, or where the run ended).
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

/** The node a test run is at: waiting there, or ended there. */
export interface RunningNode {
  node: string;
  ended: boolean;
}

/** Apart from the actions, which stay the same while a test run moves from node to node. */
export const RunningNodeContext = createContext<RunningNode | null>(null);
