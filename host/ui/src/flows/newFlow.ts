// A new flow made in the browser ("Criar fluxo" on the flows page): the emptiest document the
// format accepts — a name, one "Fim" node as its entry, no edges — to be drawn on the canvas.
// The format needs at least one node and an entry, so the canvas starts from the flow's end.

/** The id of the new flow's only node. */
export const NEW_FLOW_END = "fim";

/** The draft of a new flow named `name` (trimmed); null when the name is blank. */
export function newFlowDocument(name: string): Record<string, unknown> | null {
  const trimmed = name.trim();
  if (!trimmed) return null;
  return {
    formatVersion: "1.0.0",
    name: trimmed,
    entry: NEW_FLOW_END,
    nodes: [{ id: NEW_FLOW_END, type: "end", typeVersion: 1, config: {} }],
    edges: [],
  };
}
