// The audit log's labels, filters and targets: every action the server names (read from its
// source, host/src/domain/audit.rs) has a label in both languages, an unknown one shows its raw
// name, and the URL's days become the server's bounds in local time ("Até" inclusive).
import { describe, expect, it } from "vitest";
import auditRs from "../../../src/domain/audit.rs?raw";
import { en } from "../i18n/en";
import { ptBR } from "../i18n/pt-BR";
import type { MessageKey } from "../i18n";
import { actionLabel, actionLabelKey, auditFilter, detailsText, isFiltered, parseAuditSearch, targetText } from "./auditActions";

/** The server's action names: the login constants and each `admin("…")` / `anyone("…")` route. */
function serverActions(): string[] {
  const constants = [...auditRs.matchAll(/pub const LOGIN(?:_FAILED)?: &str = "([a-z_.]+)";/g)].map((m) => m[1]);
  const routes = [...auditRs.matchAll(/\b(?:admin|anyone)\("([a-z_.]+)",/g)].map((m) => m[1]);
  return [...constants, ...routes];
}

const pt = (key: MessageKey) => ptBR[key];

describe("audit action labels", () => {
  it("label every action the server records, in Portuguese and in English", () => {
    const actions = serverActions();
    expect(actions).toContain("auth.login");
    expect(actions).toContain("auth.login_failed");
    expect(actions.length).toBeGreaterThan(55);
    for (const action of actions) {
      const key = actionLabelKey(action);
      expect(key, `${action} has no label`).not.toBeNull();
      expect(ptBR[key!], `${action} in pt-BR`).toBeTruthy();
      expect(en[key!], `${action} in en`).toBeTruthy();
    }
    // No two actions read the same.
    const labels = actions.map((a) => actionLabel(a, pt));
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("read as the admin expects them", () => {
    expect(actionLabel("tag.create", pt)).toBe("Etiqueta criada");
    expect(actionLabel("auth.login_failed", pt)).toBe("Login recusado (senha errada)");
    expect(actionLabel("flow.publish", pt)).toBe("Fluxo publicado");
    expect(actionLabel("department.create", pt)).toBe("Departamento criado");
    expect(actionLabel("contact.export", pt)).toBe("Dados do contato exportados");
    expect(actionLabel("contact.erase", pt)).toBe("Dados do contato apagados");
    expect(actionLabel("account.retention", pt)).toBe("Prazo de retenção alterado");
  });

  it("show an unknown action by its name", () => {
    expect(actionLabelKey("robot.dance")).toBeNull();
    expect(actionLabel("robot.dance", pt)).toBe("robot.dance");
    expect(actionLabelKey("toString")).toBeNull();
  });
});

describe("audit filters", () => {
  it("keep the valid ones from the URL", () => {
    expect(parseAuditSearch({})).toEqual({});
    expect(parseAuditSearch({ user: 3, action: "tag.create", from: "2026-12-01", until: "2026-12-07" })).toEqual({
      user: 3,
      action: "tag.create",
      from: "2026-12-01",
      until: "2026-12-07",
    });
    expect(parseAuditSearch({ user: "12" })).toEqual({ user: 12 });
    expect(parseAuditSearch({ user: 0, action: "DROP TABLE", from: "2026-02-30", until: "07/12/2026" })).toEqual({});
    expect(parseAuditSearch({ user: -1, action: 5, from: 20261201 })).toEqual({});
  });

  it("bound the days in local time, 'Até' included", () => {
    const filter = auditFilter({ user: 3, from: "2026-12-01", until: "2026-12-07" });
    expect(filter).toEqual({ user: 3, from: new Date(2026, 11, 1).getTime(), until: new Date(2026, 11, 8).getTime() });
    // The last moment of the 7th is in; the 8th is not.
    expect(new Date(2026, 11, 7, 23, 59, 59, 999).getTime()).toBeLessThan(filter.until!);
    // A month's and a year's last day end at the next one's start.
    expect(auditFilter({ until: "2026-12-31" }).until).toBe(new Date(2027, 0, 1).getTime());
    expect(auditFilter({ from: "2026-12-07", until: "2026-12-07" })).toEqual({
      from: new Date(2026, 11, 7).getTime(),
      until: new Date(2026, 11, 8).getTime(),
    });
    expect(auditFilter({})).toEqual({});
  });

  it("tell whether any is set", () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ action: "tag.create" })).toBe(true);
  });
});

describe("audit entries", () => {
  it("show the target's ids", () => {
    expect(targetText({ id: "12" })).toBe("#12");
    expect(targetText({ id: "3", version: "1.2.0" })).toBe("#3 · 1.2.0");
    expect(targetText({ name: "cep" })).toBe("cep");
    expect(targetText(null)).toBeNull();
    expect(targetText({})).toBeNull();
  });

  it("show the details indented, or nothing", () => {
    expect(detailsText({ name: "Financeiro" })).toBe('{\n  "name": "Financeiro"\n}');
    expect(detailsText("{\"text\":\"aaa…")).toBe("{\"text\":\"aaa…");
    expect(detailsText(null)).toBeNull();
    expect(detailsText({})).toBeNull();
  });
});
