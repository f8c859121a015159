// The validation issues as the flows page lists them: by node, errors first.
import { describe, expect, it } from "vitest";
import { countBySeverity, groupIssuesByNode, hasErrors, issuesOfErrorBody, type Issue } from "./issues";

const issue = (node: string | null, severity: Issue["severity"], pointer: string): Issue => ({ node, severity, pointer, message: pointer });

describe("flow issues", () => {
  it("groups by node in order of appearance, document-wide issues first, errors before warnings", () => {
    const issues = [
      issue("menu", "warning", "/nodes/0/config/messages/0"),
      issue("oi", "error", "/nodes/1/type"),
      issue(null, "error", "/edges/3/to"),
      issue("menu", "error", "/nodes/0/config/input/options/0/title"),
    ];
    expect(groupIssuesByNode(issues)).toEqual([
      { node: null, issues: [issues[2]] },
      { node: "menu", issues: [issues[3], issues[0]] },
      { node: "oi", issues: [issues[1]] },
    ]);
  });

  it("nothing to list: no groups", () => {
    expect(groupIssuesByNode([])).toEqual([]);
  });

  it("errors block publishing, warnings do not", () => {
    expect(hasErrors([issue("a", "warning", "/x")])).toBe(false);
    expect(hasErrors([issue("a", "warning", "/x"), issue(null, "error", "/entry")])).toBe(true);
    expect(countBySeverity([issue("a", "warning", "/x"), issue(null, "error", "/entry"), issue("b", "error", "/y")])).toEqual({
      errors: 2,
      warnings: 1,
    });
  });

  it("reads the issues of an invalid_flow refusal, and nothing from other errors", () => {
    const found = [issue(null, "error", "")];
    expect(issuesOfErrorBody({ error: { code: "invalid_flow", message: "x", issues: found } })).toEqual(found);
    expect(issuesOfErrorBody({ error: { code: "invalid_flow", message: "x", issues: [] } })).toBeNull();
    expect(issuesOfErrorBody({ error: { code: "forbidden", message: "x" } })).toBeNull();
    expect(issuesOfErrorBody(undefined)).toBeNull();
  });
});
