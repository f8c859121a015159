// The document being edited with its undo/redo history, for the editor's components: `change`
// commits a new step, `preview` replaces the present while a drag goes on. Changes read the
// latest history synchronously, so several in one event (a drag's batch) build on each other.
import { useCallback, useReducer, useRef } from "react";
import type { FlowDocument } from "./flowDocument";
import { commit, redo, replace, startHistory, undo, type History } from "./history";

export interface FlowHistory {
  doc: FlowDocument;
  canUndo: boolean;
  canRedo: boolean;
  /** A new step made from the present document (return it unchanged for no step). */
  change: (edit: (doc: FlowDocument) => FlowDocument) => void;
  /** The present replaced, no step added (a drag in progress). */
  preview: (edit: (doc: FlowDocument) => FlowDocument) => void;
  undo: () => void;
  redo: () => void;
}

export function useFlowHistory(initial: () => FlowDocument): FlowHistory {
  const ref = useRef<History<FlowDocument> | null>(null);
  if (ref.current === null) ref.current = startHistory(initial());
  const [, render] = useReducer((n: number) => n + 1, 0);

  const update = useCallback((step: (history: History<FlowDocument>) => History<FlowDocument>) => {
    const next = step(ref.current!);
    if (next === ref.current) return;
    ref.current = next;
    render();
  }, []);

  const history = ref.current;
  return {
    doc: history.present,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    change: useCallback((edit) => update((h) => commit(h, edit(h.present))), [update]),
    preview: useCallback((edit) => update((h) => replace(h, edit(h.present))), [update]),
    undo: useCallback(() => update(undo), [update]),
    redo: useCallback(() => update(redo), [update]),
  };
}
