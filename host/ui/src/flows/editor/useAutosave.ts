// Autosave of the draft: a change is saved (`PUT /api/v1/flows/{id}`) once the editing pauses
// for 1.5 s, one save at a time; the state says "Salvo", "Salvando…", "Alterações não salvas" or
// that the last save failed. `flush` saves now (before publishing); leaving the page with
// changes not yet saved sends them.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "../../api/errors";
import { saveDraft } from "../../queries/flows";
import type { FlowDocument } from "./flowDocument";

export const AUTOSAVE_DELAY_MS = 1500;

export type SaveState = { kind: "saved" } | { kind: "saving" } | { kind: "unsaved" } | { kind: "failed"; message: string };

export function useAutosave(flowId: number, doc: FlowDocument, savedDraft: unknown): { state: SaveState; flush: () => Promise<boolean> } {
  const queryClient = useQueryClient();
  const text = JSON.stringify(doc);
  const latest = useRef({ doc, text });
  latest.current = { doc, text };
  const saved = useRef(JSON.stringify(savedDraft));
  const inFlight = useRef<Promise<boolean> | null>(null);
  const [state, setState] = useState<SaveState>(() => (text === saved.current ? { kind: "saved" } : { kind: "unsaved" }));

  const save = useCallback(async (): Promise<boolean> => {
    while (inFlight.current) await inFlight.current;
    const { doc: sending, text: sent } = latest.current;
    if (sent === saved.current) {
      setState({ kind: "saved" });
      return true;
    }
    setState({ kind: "saving" });
    const request = saveDraft(queryClient, flowId, sending as unknown as Record<string, unknown>).then(
      () => {
        saved.current = sent;
        setState(latest.current.text === sent ? { kind: "saved" } : { kind: "unsaved" });
        return true;
      },
      (err: unknown) => {
        setState({ kind: "failed", message: errorMessage(err) });
        return false;
      },
    );
    inFlight.current = request;
    try {
      return await request;
    } finally {
      inFlight.current = null;
    }
  }, [queryClient, flowId]);

  useEffect(() => {
    if (text === saved.current) return;
    setState((s) => (s.kind === "saving" ? s : { kind: "unsaved" }));
    const timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, save]);

  // Leaving the editor: what was not saved yet is sent (the answer is not waited for).
  useEffect(
    () => () => {
      if (latest.current.text !== saved.current && !inFlight.current) {
        void saveDraft(queryClient, flowId, latest.current.doc as unknown as Record<string, unknown>).catch(() => undefined);
      }
    },
    [queryClient, flowId],
  );

  return { state, flush: save };
}
