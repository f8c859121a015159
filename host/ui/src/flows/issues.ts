// A flow's validation issues as the page shows them: grouped by the node they name (the ones
// about the whole document first), errors before warnings, and whether any blocks publishing.
import type { components } from "../api/schema";

export type Issue = components["schemas"]["Issue"];

export interface IssueGroup {
  /** The node id, or null for the issues about the document itself (entry, edges, settings…). */
  node: string | null;
  issues: Issue[];
}

const rank = (i: Issue) => (i.severity === "error" ? 0 : 1);

/** Errors block publishing; warnings do not. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

export function countBySeverity(issues: readonly Issue[]): { errors: number; warnings: number } {
  const errors = issues.filter((i) => i.severity === "error").length;
  return { errors, warnings: issues.length - errors };
}

/**
 * Groups by node in the order nodes first appear (document-wide issues first), each group's
 * errors before its warnings, keeping the server's order otherwise.
 */
export function groupIssuesByNode(issues: readonly Issue[]): IssueGroup[] {
  const groups = new Map<string | null, Issue[]>();
  groups.set(null, []);
  for (const issue of issues) {
    const node = issue.node ?? null;
    const list = groups.get(node) ?? [];
    list.push(issue);
    groups.set(node, list);
  }
  return [...groups.entries()]
    .filter(([, list]) => list.length > 0)
    .map(([node, list]) => ({ node, issues: [...list].sort((a, b) => rank(a) - rank(b)) }));
}

/** The issues an error answer carries (`{"error":{"code":"invalid_flow","issues":[…]}}`), or null. */
export function issuesOfErrorBody(body: unknown): Issue[] | null {
  const issues = (body as { error?: { issues?: unknown } } | null | undefined)?.error?.issues;
  return Array.isArray(issues) && issues.length > 0 ? (issues as Issue[]) : null;
}
