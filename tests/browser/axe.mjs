// The accessibility check every screen passes (issue 12's quality bar): an axe-core scan of
// what the page shows now finds no serious or critical violation.
import assert from "node:assert/strict";
import { AxeBuilder } from "@axe-core/playwright";

/** Fails with the list of serious and critical violations on what `page` shows now. */
export async function assertNoSeriousViolations(page, label) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    [],
    `axe found serious or critical violations on ${label}`,
  );
}
