// The editor's server state: the step types the account may use (the palette, `GET
// /api/v1/flows/steps`) and the validation of a document being edited (`POST
// /api/v1/flows/validate`: its issues and each node's output ports).
import { queryOptions } from "@tanstack/react-query";
import { call, http } from "../../api/client";
import type { Issue } from "../issues";
import type { FlowDocument } from "./flowDocument";

// The server's contract for issue 16 (the generated types replace these once regenerated).
export interface StepType {
  type: string;
  type_version: number;
  version: string;
  origin: "shipped" | "account";
  title: string;
  description: string;
  config_schema: Record<string, unknown>;
  waits: boolean;
}

export interface Validation {
  issues: Issue[];
  ports: Record<string, string[]>;
}

type Untyped = { GET: (path: string) => Promise<{ data?: unknown; error?: unknown; response: Response }> };

export const stepsQuery = queryOptions({
  queryKey: ["flow-steps"] as const,
  queryFn: async () => ((await call((http as unknown as Untyped).GET("/api/v1/flows/steps"))) as { items: StepType[] }).items,
  staleTime: 60_000,
});

/**
 * What validation finds in `doc` now (issues and ports), without saving it. The layout is left
 * out (validation ignores it), so moving nodes asks nothing of the server.
 */
export const validationQuery = (flowId: number, doc: FlowDocument) => {
  const { ui: _layout, ...logic } = doc;
  return queryOptions({
    queryKey: ["flow-validation", flowId, JSON.stringify(logic)] as const,
    queryFn: async () => {
      const answer: { issues: Issue[]; ports?: Validation["ports"] } = await call(
        http.POST("/api/v1/flows/validate", { body: logic as unknown as Record<string, never> }),
      );
      return { issues: answer.issues, ports: answer.ports ?? {} };
    },
    staleTime: Infinity,
    gcTime: 30_000,
  });
};
