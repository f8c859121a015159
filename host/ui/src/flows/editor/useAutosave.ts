// Autosave of the draft: a change is saved (`PUT /api/v1/flows/{id}?version=N`) once the editing
// pauses for 1.5 s, one save at a time; the state says "Salvo", "Salvando…", "Alterações não
// salvas" or that the last save failed. `flush` saves now (before publishing); leaving the page
// with changes not yet saved sends them.
//
// Two admins on one flow (issue 16 part 8): each save sends the draft version this editor loaded
// or last saved. When someone else saved in between, the server refuses (409 `draft_conflict`)
// and saves nothing: autosave stops and the state is "conflict" until the admin chooses —
// `keepMine` saves this document over theirs (with the version the server has now), or the page
// reloads theirs (`discard` first, so leaving does not send the local changes). Nothing is lost
// silently.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "../../api/errors";
import { currentFlow, isDraftConflict, saveDraftAt } from "./editorApi";
import type { FlowDocument } from "./flowDocument";

export const AUTOSAVE_DELAY_MS = 1500;

export type SaveState =
  | { kind: "saved" }
  | { kind: "saving" }
  | { kind: "unsaved" }
  | { kind: "failed"; message: string }
  | { kind: "conflict" };

export interface Autosave {
  state: SaveState;
  flush: () => Promise<boolean>;
  /** After a conflict: this document saved over the other admin's. */
  keepMine: () => Promise<boolean>;
  /** After a conflict, before loading theirs: nothing more is sent from this editor. */
  discard: () => void;
}

export function useAutosave(flowId: number, doc: FlowDocument, savedDraft: unknown, draftVersion: number): Autosave {
  const queryClient = useQueryClient();
  // Serialised once per document, not per render: the canvas renders often (every node it
  // measures), and a 500-node document takes milliseconds to write out.
  const text = useMemo(() => JSON.stringify(doc), [doc]);
  const latest = useRef({ doc, text });
  latest.current = { doc, text };
  const [savedAtStart] = useState(() => JSON.stringify(savedDraft));
  const saved = useRef(savedAtStart);
  const version = useRef(draftVersion);
  /** A conflict waits for the admin's choice; discarded: the editor is being replaced. */
  const halted = useRef<"conflict" | "discarded" | null>(null);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const [state, setState] = useState<SaveState>(() => (text === saved.current ? { kind: "saved" } : { kind: "unsaved" }));

  const send = useCallback(
    async (force: boolean): Promise<boolean> => {
      while (inFlight.current) await inFlight.current;
      if (halted.current === "discarded" || (halted.current === "conflict" && !force)) return false;
      const { doc: sending, text: sent } = latest.current;
      if (sent === saved.current && !force) {
        setState({ kind: "saved" });
        return true;
      }
      setState({ kind: "saving" });
      const request = (async () => {
        try {
          // Keeping mine: over whatever the server has now.
          if (force) version.current = (await currentFlow(flowId)).draft_version;
          const answer = await saveDraftAt(queryClient, flowId, sending, version.current);
          version.current = answer.flow.draft_version;
          saved.current = sent;
          halted.current = null;
          setState(latest.current.text === sent ? { kind: "saved" } : { kind: "unsaved" });
          return true;
        } catch (err) {
          if (isDraftConflict(err)) {
            halted.current = "conflict";
            setState({ kind: "conflict" });
          } else {
            setState({ kind: "failed", message: errorMessage(err) });
          }
          return false;
        }
      })();
      inFlight.current = request;
      try {
        return await request;
      } finally {
        inFlight.current = null;
      }
    },
    [queryClient, flowId],
  );

  const flush = useCallback(() => send(false), [send]);
  const keepMine = useCallback(() => send(true), [send]);
  const discard = useCallback(() => {
    halted.current = "discarded";
  }, []);

  useEffect(() => {
    if (text === saved.current || halted.current) return;
    setState((s) => (s.kind === "saving" ? s : { kind: "unsaved" }));
    const timer = setTimeout(() => void send(false), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, send]);

  // While a conflict waits for the admin's choice, closing the tab asks first (nothing of this
  // editor's is saved until then).
  useEffect(() => {
    if (state.kind !== "conflict") return;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [state.kind]);

  // Leaving the editor: what was not saved yet is sent (the answer is not waited for), over the
  // version last saved only — a conflict or a discard sends nothing.
  useEffect(
    () => () => {
      if (latest.current.text !== saved.current && !inFlight.current && !halted.current) {
        void saveDraftAt(queryClient, flowId, latest.current.doc, version.current).catch(() => undefined);
      }
    },
    [queryClient, flowId],
  );

  return { state, flush, keepMine, discard };
}
