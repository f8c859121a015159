// The flows page's server state: one flow with its draft, its revisions, the account's flow
// settings (F1), and the admin's writes — create from a file, save a draft, validate, publish,
// export, delete; "Configurações gerais" saves the keywords and business hours. A refusal that
// names the flow's problems (`invalid_flow`) throws FlowInvalidError with the issues, so the
// page can list them by node and field.
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import { ApiError } from "../api/errors";
import type { components } from "../api/schema";
import { issuesOfErrorBody, type Issue } from "../flows/issues";
import { keys } from "./keys";

type Schemas = components["schemas"];
export type FlowView = Schemas["FlowView"];
export type FlowSaved = Schemas["FlowSaved"];
export type Revision = Schemas["RevisionView"];
export type AccountFlows = Schemas["AccountFlows"];
type Document = Record<string, unknown>;
// The generated type of a free JSON body.
const body = (d: Document) => d as Record<string, never>;

export { flowsQuery } from "./reference";

const flowKeys = {
  flow: (id: number) => [...keys.flows, id] as const,
  revisions: (id: number) => [...keys.flows, id, "revisions"] as const,
  settings: ["flow-settings"] as const,
};

/** A refusal with the problems the server found (a document that breaks the format, a draft with errors). */
export class FlowInvalidError extends ApiError {
  readonly issues: Issue[];
  constructor(err: ApiError, issues: Issue[]) {
    super(err.status, err.code, err.message, err.requestId);
    this.issues = issues;
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** call(), keeping the issues an `invalid_flow` answer carries. */
async function callWithIssues<T>(request: Promise<Answer<T>>): Promise<T> {
  const answer = await request.catch(() => null);
  if (answer === null) return call(Promise.reject(new Error("network")));
  try {
    return await call(Promise.resolve(answer));
  } catch (err) {
    const issues = issuesOfErrorBody(answer.error);
    if (err instanceof ApiError && issues) throw new FlowInvalidError(err, issues);
    throw err;
  }
}

export const flowQuery = (id: number) =>
  queryOptions({
    queryKey: flowKeys.flow(id),
    queryFn: async () => call(http.GET("/api/v1/flows/{id}", { params: { path: { id } } })),
  });

export const revisionsQuery = (id: number) =>
  queryOptions({
    queryKey: flowKeys.revisions(id),
    queryFn: async () => (await call(http.GET("/api/v1/flows/{id}/revisions", { params: { path: { id } } }))).items,
  });

export const flowSettingsQuery = queryOptions({
  queryKey: flowKeys.settings,
  queryFn: async () => call(http.GET("/api/v1/flow-settings")),
});

async function refreshList(queryClient: QueryClient) {
  await queryClient.invalidateQueries({ queryKey: keys.flows });
}

/** A new flow from a file, saved as a draft; the answer lists what validation found. */
export async function createFlow(queryClient: QueryClient, document: Document): Promise<FlowSaved> {
  const saved = await callWithIssues(http.POST("/api/v1/flows", { body: body(document) }));
  queryClient.setQueryData(flowKeys.flow(saved.flow.id), saved.flow);
  await refreshList(queryClient);
  return saved;
}

/** A file as the new draft of an existing flow. */
export async function saveDraft(queryClient: QueryClient, id: number, document: Document): Promise<FlowSaved> {
  const saved = await callWithIssues(http.PUT("/api/v1/flows/{id}", { params: { path: { id } }, body: body(document) }));
  queryClient.setQueryData(flowKeys.flow(id), saved.flow);
  await refreshList(queryClient);
  return saved;
}

/** What a publication of the flow's current draft would meet ("Validar"). */
export async function validateDraft(queryClient: QueryClient, id: number): Promise<Issue[]> {
  const flow = await queryClient.fetchQuery({ ...flowQuery(id), staleTime: 0 });
  const answer = await callWithIssues(http.POST("/api/v1/flows/validate", { body: body(flow.draft as Document) }));
  return answer.issues;
}

export async function publishFlow(queryClient: QueryClient, id: number, note: string): Promise<Revision> {
  const trimmed = note.trim();
  const revision = await callWithIssues(
    http.POST("/api/v1/flows/{id}/publish", { params: { path: { id } }, body: { note: trimmed || null } }),
  );
  await Promise.all([
    refreshList(queryClient),
    queryClient.invalidateQueries({ queryKey: flowKeys.revisions(id) }),
  ]);
  return revision;
}

export async function deleteFlow(queryClient: QueryClient, id: number): Promise<void> {
  await call(http.DELETE("/api/v1/flows/{id}", { params: { path: { id } } }));
  queryClient.removeQueries({ queryKey: flowKeys.flow(id) });
  await Promise.all([refreshList(queryClient), queryClient.invalidateQueries({ queryKey: flowKeys.settings })]);
}

/** The flow as a file: a published revision, or the draft when `revision` is null. */
export async function exportFlow(id: number, revision: number | null): Promise<unknown> {
  const query = revision === null ? {} : { revision };
  return call(http.GET("/api/v1/flows/{id}/export", { params: { path: { id }, query } }));
}

export async function saveFlowSettings(
  queryClient: QueryClient,
  current: AccountFlows,
  change: { chatbot_enabled: boolean; initial_flow_id: number | null; closing_flow_id: number | null },
): Promise<AccountFlows> {
  const saved = await call(http.PUT("/api/v1/flow-settings", { body: { ...change, settings: current.settings } }));
  queryClient.setQueryData(flowKeys.settings, saved);
  return saved;
}

/**
 * "Configurações gerais": the settings part (keywords, business hours) saved; the chatbot switch
 * and the initial and closing flows are read fresh first and sent back as they are.
 */
export async function saveAccountSettings(queryClient: QueryClient, settings: Schemas["FlowSettings"]): Promise<AccountFlows> {
  const current = await queryClient.fetchQuery({ ...flowSettingsQuery, staleTime: 0 });
  const saved = await call(
    http.PUT("/api/v1/flow-settings", {
      body: {
        chatbot_enabled: current.chatbot_enabled,
        initial_flow_id: current.initial_flow_id ?? null,
        closing_flow_id: current.closing_flow_id ?? null,
        settings,
      },
    }),
  );
  queryClient.setQueryData(flowKeys.settings, saved);
  return saved;
}
