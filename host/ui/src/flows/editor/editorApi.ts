// The editor's server state: the step types the account may use (the palette, `GET
// /api/v1/flows/steps`) and the validation of a document being edited (`POST
// /api/v1/flows/validate`: its issues and each node's output ports).
import { queryOptions } from "@tanstack/react-query";
import { call, http } from "../../api/client";
import type { components } from "../../api/schema";
import type { FlowDocument } from "./flowDocument";

type Schemas = components["schemas"];
export type StepType = Schemas["StepType"];
export type Validation = Schemas["Validation"];

export const stepsQuery = queryOptions({
  queryKey: ["flow-steps"] as const,
  queryFn: async () => (await call(http.GET("/api/v1/flows/steps"))).items,
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
    queryFn: async (): Promise<Validation> =>
      call(http.POST("/api/v1/flows/validate", { body: logic as unknown as Record<string, never> })),
    staleTime: Infinity,
    gcTime: 30_000,
  });
};
