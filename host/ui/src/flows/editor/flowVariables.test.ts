// The variables offered in a flow's texts: system fields, custom fields, the flow's own.
import { describe, expect, it } from "vitest";
import { suggestions } from "../../composer/variables";
import type { FlowDocument } from "./flowDocument";
import { contactFields, flowVariableFields, flowVariableKeys } from "./flowVariables";

const doc = (extra: Partial<FlowDocument>): FlowDocument => ({ formatVersion: "1.0.0", name: "f", entry: "a", nodes: [], edges: [], ...extra });

describe("flow variables", () => {
  it("offers every system field the server knows, then the custom fields", () => {
    const keys = contactFields([{ key: "plano", label: "Plano" }]).map((f) => f.key);
    for (const key of ["nome", "primeiro_nome", "telefone", "email", "data_nascimento", "cpf", "rg", "codigo_cliente", "cnpj", "empresa", "protocolo"]) {
      expect(keys).toContain(key);
    }
    expect(keys.at(-1)).toBe("plano");
    expect(keys.slice(0, 2)).toEqual(["nome", "primeiro_nome"]);
  });

  it("finds the flow's declared variables and those its nodes set", () => {
    const flow = doc({
      variables: [{ key: "pedido", default: "" }],
      nodes: [
        { id: "a", type: "content", typeVersion: 1, config: { input: { kind: "text", variable: "resposta" } } },
        { id: "b", type: "schedule", typeVersion: 1, config: { variable: "horario" } },
        { id: "c", type: "content", typeVersion: 1, config: { input: { kind: "text", variable: "pedido" } } },
      ],
    });
    expect(flowVariableKeys(flow)).toEqual(["pedido", "resposta", "horario"]);
    const fields = flowVariableFields(flow, [{ key: "plano", label: "Plano" }], "Variável do fluxo");
    expect(fields.at(-1)).toEqual({ key: "horario", label: "Variável do fluxo" });
    expect(suggestions("pe", fields).map((f) => f.key)).toEqual(["pedido"]);
    expect(suggestions("", fields)[0].key).toBe("nome");
  });
});
