// The editor's server state: the step types the account may use (the palette, `GET
// /api/v1/flows/steps`), the validation of a document being edited (`POST
// /api/v1/flows/validate`: its issues and each node's output ports), and the draft saved only
// over the version the editor last knew (`PUT /api/v1/flows/{id}?version=N`, issue 16 part 8),
// and the test run of the saved draft (`POST /api/v1/flows/{id}/test-run`, issue 16 part 7).
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { components } from "../../api/schema";
import { keys } from "../../queries/keys";
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

export type FlowSaved = Schemas["FlowSaved"];

/** Another save came since the version the editor sent: nothing was saved (409 `draft_conflict`). */
export function isDraftConflict(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409 && err.code === "draft_conflict";
}

/**
 * `doc` as the flow's draft, only if the draft is still at `version` (refused with
 * `draft_conflict` otherwise); the cached flow and the flows list follow.
 */
export async function saveDraftAt(queryClient: QueryClient, id: number, doc: FlowDocument, version: number): Promise<FlowSaved> {
  const saved = await call(
    http.PUT("/api/v1/flows/{id}", { params: { path: { id }, query: { version } }, body: doc as unknown as Record<string, never> }),
  );
  queryClient.setQueryData([...keys.flows, id], saved.flow);
  await queryClient.invalidateQueries({ queryKey: keys.flows, exact: true });
  return saved;
}

/** The flow as the server has it now (another admin's save included). */
export async function currentFlow(id: number): Promise<Schemas["FlowView"]> {
  return call(http.GET("/api/v1/flows/{id}", { params: { path: { id } } }));
}

export type FlowTestRun = Schemas["FlowTestRun"];

/**
 * A test run of the flow's saved draft from its entry, as the admin's test contact on the
 * simulator channel; asked again, the previous one ends and the draft starts over. Refused (422)
 * while the draft has validation errors.
 */
export async function startTestRun(id: number): Promise<FlowTestRun> {
  return call(http.POST("/api/v1/flows/{id}/test-run", { params: { path: { id } } }));
}
