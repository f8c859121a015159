// The test run panel's words and choices (issue 16 part 7): which session is the run's, each
// effect, trigger and outcome put in Portuguese (and English), the variables as rows.
import { afterEach, describe, expect, it } from "vitest";
import { setLang, translate } from "../../i18n";
import type { FlowDocument } from "./flowDocument";
import {
  effectWords,
  logicText,
  newestSessionId,
  nodeName,
  outcomeWords,
  pickSession,
  sessionWords,
  triggerWords,
  variableRows,
  type Assignment,
  type Names,
  type TestSession,
} from "./testRun";

const doc: FlowDocument = {
  formatVersion: "1.0.0",
  name: "Boas-vindas",
  entry: "menu",
  nodes: [
    { id: "menu", type: "content", typeVersion: 1, label: "Boas-vindas e menu", config: {} },
    { id: "email", type: "content", typeVersion: 1, label: "Salvar o e-mail", config: {} },
    { id: "fila", type: "open-service", typeVersion: 1, config: {} },
  ],
  edges: [
    { from: { node: "menu", port: "vendas" }, to: "email" },
    { from: { node: "menu", port: "atendente" }, to: "fila" },
  ],
  ui: { positions: { menu: [0, 0] } },
};

const names: Names = {
  departments: new Map([[3, "Vendas"]]),
  agents: new Map([[8, "Ana"]]),
  flows: new Map([[7, "Pesquisa"]]),
};

function session(over: Partial<TestSession>): TestSession {
  return {
    id: 1,
    flow: { id: 1, name: "Boas-vindas" },
    revision: -7,
    status: "waiting",
    node: "menu",
    waiting_for: "input",
    variables: {},
    started_at: 0,
    steps: [],
    ...over,
  };
}

afterEach(() => setLang("pt-BR"));

describe("which session is the test run's", () => {
  // Newest first, as GET /conversations/{id}/flow-sessions answers.
  const sessions = [
    session({ id: 12, revision: 4 }),
    session({ id: 11, revision: -7, status: "interrupted" }),
    session({ id: 10, revision: -7, status: "handover" }),
    session({ id: 9, revision: -6 }),
  ];

  it("is the newest on the run's snapshot revision, never a published one's", () => {
    expect(pickSession(sessions, -7, null)?.id).toBe(11);
    expect(pickSession(sessions, -6, null)?.id).toBe(9);
    expect(pickSession(sessions, -8, null)).toBeNull();
  });

  it("is none of those there before the run (the same draft tested again) until the new one is there", () => {
    const before = newestSessionId(sessions);
    expect(before).toBe(12);
    expect(pickSession(sessions, -7, before)).toBeNull();
    expect(pickSession([session({ id: 13, revision: -7 }), ...sessions], -7, before)?.id).toBe(13);
    expect(newestSessionId([])).toBeNull();
    expect(newestSessionId(undefined)).toBeNull();
  });
});

describe("effects in words", () => {
  const t = translate;

  it("names what was sent, noted, written and tagged", () => {
    expect(effectWords({ kind: "sent", preview: "Olá, Ana!" }, names, t)).toBe("Enviou: Olá, Ana!");
    expect(effectWords({ kind: "note", text: "O contato pediu um atendente." }, names, t)).toBe(
      "Linha no histórico: O contato pediu um atendente.",
    );
    expect(effectWords({ kind: "field", key: "plano", value: "ouro" }, names, t)).toBe("Campo plano = ouro");
    expect(effectWords({ kind: "tag", name: "vip", added: true }, names, t)).toBe('Etiqueta "vip" adicionada');
    expect(effectWords({ kind: "tag", name: "vip", added: false }, names, t)).toBe('Etiqueta "vip" removida');
    expect(effectWords({ kind: "variable", name: "assunto", value: "Vendas" }, names, t)).toBe("Variável assunto = Vendas");
  });

  it("names who a service went to, by name when the editor knows it, else by id", () => {
    const service = (assignment: Assignment) => effectWords({ kind: "service", assignment }, names, t);
    expect(service({ rule: "department", department_id: 3 })).toBe("Abriu atendimento no departamento Vendas");
    expect(service({ rule: "department", department_id: 5 })).toBe("Abriu atendimento no departamento 5");
    expect(service({ rule: "agent", agent_id: 8 })).toBe("Abriu atendimento com o agente Ana");
    expect(service({ rule: "none" })).toBe("Abriu atendimento na fila (sem departamento nem agente)");
    expect(service({ rule: "random_agent", department_id: 3 })).toContain("aleatório do departamento Vendas");
    expect(service({ rule: "next_agent", department_id: 3 })).toContain("próximo agente da vez do departamento Vendas");
    expect(service({ rule: "last_agent", fallback_department_id: null })).toBe(
      "Abriu atendimento com o último agente que atendeu o contato",
    );
    expect(service({ rule: "last_agent", fallback_department_id: 3 })).toContain("sem ele, no departamento Vendas");
  });

  it("gives a booking's start and end", () => {
    const starts = new Date(2026, 11, 7, 9, 0).getTime();
    const words = effectWords({ kind: "booking", starts_at: starts, ends_at: starts + 45 * 60_000 }, names, t);
    expect(words).toMatch(/^Agendou um horário: 07\/12\/2026.*09:00 até 09:45$/);
  });

  it("speaks English when the UI does", () => {
    setLang("en");
    expect(effectWords({ kind: "tag", name: "vip", added: true }, names, translate)).toBe('Tag "vip" added');
    expect(effectWords({ kind: "service", assignment: { rule: "department", department_id: 3 } }, names, translate)).toBe(
      "Opened a service in the department Vendas",
    );
  });
});

describe("steps in words", () => {
  const t = translate;

  it("names the trigger, and an unknown one as it is", () => {
    expect(triggerWords("enter", t)).toBe("entrada");
    expect(triggerWords("message", t)).toBe("mensagem do contato");
    expect(triggerWords("later", t)).toBe("later");
  });

  it("says where a step went: a port and its node, a wait, an end, another flow, an error", () => {
    expect(outcomeWords("port:vendas", "menu", doc, names, t)).toBe('Saída "vendas" → Salvar o e-mail');
    expect(outcomeWords("port:atendente", "menu", doc, names, t)).toBe('Saída "atendente" → fila');
    expect(outcomeWords("port:suporte", "menu", doc, names, t)).toBe('Saída "suporte", que não leva a nenhum nó');
    expect(outcomeWords("wait", "menu", doc, names, t)).toBe("Aguardou o contato");
    expect(outcomeWords("handover:atendimento aberto", "fila", doc, names, t)).toBe("Passou para atendimento: atendimento aberto");
    expect(outcomeWords("completed:fim: obrigado", "fila", doc, names, t)).toBe("Concluído: fim: obrigado");
    expect(outcomeWords("flow:7", "fila", doc, names, t)).toBe("Foi para o fluxo Pesquisa");
    expect(outcomeWords("flow:9", "fila", doc, names, t)).toBe("Foi para o fluxo 9");
    expect(outcomeWords("error:tempo esgotado", "fila", doc, names, t)).toBe("Erro: tempo esgotado");
  });

  it("names a node by its label, else its id", () => {
    expect(nodeName(doc, "menu")).toBe("Boas-vindas e menu");
    expect(nodeName(doc, "fila")).toBe("fila");
    expect(nodeName(doc, "gone")).toBe("gone");
  });
});

describe("the session in words", () => {
  const t = translate;

  it("says what it waits for, or how it ended", () => {
    expect(sessionWords(session({}), t)).toBe("aguardando a resposta do contato");
    expect(sessionWords(session({ waiting_for: "wake" }), t)).toBe("em espera até a hora marcada");
    expect(sessionWords(session({ status: "handover", waiting_for: null, end_reason: "atendimento aberto" }), t)).toBe(
      "Encerrado: atendimento aberto",
    );
    expect(sessionWords(session({ status: "completed", waiting_for: null }), t)).toBe("Encerrado");
  });

  it("lists the variables by name, any value as text", () => {
    expect(variableRows(session({ variables: { email: "ana@example.com", assunto: "Vendas", n: 2 } }))).toEqual([
      ["assunto", "Vendas"],
      ["email", "ana@example.com"],
      ["n", "2"],
    ]);
  });
});

it("tells a change to the logic from a moved node", () => {
  expect(logicText({ ...doc, ui: { positions: { menu: [40, 40] } } })).toBe(logicText(doc));
  expect(logicText({ ...doc, entry: "email" })).not.toBe(logicText(doc));
});
