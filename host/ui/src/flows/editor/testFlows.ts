// Flows the editor's unit tests share: the demo account's initial flow as the server keeps its
// draft (no layout), and a laid-out flow with a node of every shipped step type, variables,
// settings, notes in `ui` and edges with and without ids.
import type { FlowDocument } from "./flowDocument";

export function demoFlow(): FlowDocument {
  return {
    formatVersion: "1.0.0",
    name: "Atendimento inicial",
    entry: "boas_vindas",
    settings: {},
    nodes: [
      {
        id: "boas_vindas",
        type: "content",
        typeVersion: 1,
        label: "Boas-vindas e menu",
        config: {
          messages: ["Olá, {nome}! Eu sou a assistente virtual da Demo."],
          input: {
            kind: "choice",
            text: "Como podemos ajudar?",
            variable: "assunto",
            options: [
              { id: "vendas", title: "Vendas" },
              { id: "suporte", title: "Suporte" },
              { id: "atendente", title: "Falar com atendente" },
            ],
          },
        },
      },
      {
        id: "email",
        type: "content",
        typeVersion: 1,
        label: "Salvar o e-mail",
        config: { messages: ["Para agilizar, qual é o seu e-mail?"], input: { kind: "text", save_to: "email", max_attempts: 2 } },
      },
      { id: "aguarde", type: "content", typeVersion: 1, config: { messages: ["Obrigado! Já vou chamar alguém de {assunto} para falar com você."] } },
      {
        id: "setor",
        type: "condition",
        typeVersion: 1,
        label: "Qual departamento?",
        config: { rules: [{ id: "vendas", tests: [{ left: "assunto", op: "eq", right: "Vendas" }] }] },
      },
      { id: "abrir_vendas", type: "open-service", typeVersion: 1, config: { assign: "department", department_id: 1 } },
      { id: "abrir_suporte", type: "open-service", typeVersion: 1, config: { assign: "department", department_id: 2 } },
      { id: "fila", type: "open-service", typeVersion: 1, label: "Fila de atendimento", config: { assign: "none" } },
    ],
    edges: [
      { from: { node: "boas_vindas", port: "vendas" }, to: "email" },
      { from: { node: "boas_vindas", port: "suporte" }, to: "email" },
      { from: { node: "boas_vindas", port: "atendente" }, to: "fila" },
      { from: { node: "boas_vindas", port: "no_match" }, to: "fila" },
      { from: { node: "email", port: "next" }, to: "aguarde" },
      { from: { node: "email", port: "no_match" }, to: "aguarde" },
      { from: { node: "aguarde", port: "next" }, to: "setor" },
      { from: { node: "setor", port: "vendas" }, to: "abrir_vendas" },
      { from: { node: "setor", port: "else" }, to: "abrir_suporte" },
    ],
  };
}

export function everyKindFlow(): FlowDocument {
  return {
    $schema: "https://atende.local/schemas/flow-1.json",
    formatVersion: "1.0.0",
    name: "Todos os tipos",
    entry: "menu",
    variables: [{ key: "plano", default: "basico" }],
    settings: { maxStepsPerRun: 50, onError: "fila", interrupts: [{ keywords: ["menu"], to: "menu" }] },
    nodes: [
      {
        id: "menu",
        type: "content",
        typeVersion: 1,
        label: "Menu",
        config: { input: { kind: "choice", text: "Escolha", options: [{ id: "a", title: "A" }], accept_free_text: true, timeout_ms: 60000 } },
      },
      { id: "pergunta", type: "content", typeVersion: 1, config: { messages: ["Qual seu CPF?"], input: { kind: "text", save_to: "cpf" } } },
      { id: "regra", type: "condition", typeVersion: 1, config: { rules: [{ id: "vip", match: "any", tests: [{ op: "has_tag", right: "VIP" }] }] } },
      { id: "etiqueta", type: "tag", typeVersion: 1, config: { add: ["lead"], remove: ["frio"] } },
      { id: "campos", type: "set-field", typeVersion: 1, config: { fields: [{ key: "plano", value: "{plano}" }] } },
      { id: "espera", type: "delay", typeVersion: 1, label: "Espera 1 min", config: { duration_ms: 60000 } },
      { id: "template", type: "send-template", typeVersion: 1, config: { name: "boas_vindas", language: "pt_BR", parameters: ["{nome}"] } },
      { id: "agenda", type: "schedule", typeVersion: 1, config: { days: 7, per_page: 5 } },
      { id: "outro", type: "go-to-flow", typeVersion: 1, config: { flow_id: 3 } },
      { id: "fila", type: "open-service", typeVersion: 1, config: { assign: "none" } },
      { id: "fim", type: "end", typeVersion: 1, config: {} },
      { id: "crm", type: "acme-crm", typeVersion: 2, label: "Buscar no CRM", config: { query: "{cpf}" } },
    ],
    edges: [
      { id: "e1", from: { node: "menu", port: "a" }, to: "pergunta" },
      { from: { node: "menu", port: "text" }, to: "regra" },
      { from: { node: "menu", port: "timeout" }, to: "fim" },
      { from: { node: "pergunta", port: "next" }, to: "crm" },
      { from: { node: "crm", port: "found" }, to: "regra" },
      { id: "e2", from: { node: "regra", port: "vip" }, to: "etiqueta" },
      { from: { node: "regra", port: "else" }, to: "campos" },
      { from: { node: "etiqueta", port: "next" }, to: "espera" },
      { from: { node: "campos", port: "next" }, to: "template" },
      { from: { node: "espera", port: "next" }, to: "agenda" },
      { from: { node: "template", port: "next" }, to: "outro" },
      { from: { node: "agenda", port: "booked" }, to: "fim" },
      { from: { node: "agenda", port: "no_availability" }, to: "fila" },
    ],
    ui: {
      positions: {
        menu: [0, 0],
        pergunta: [320, -80],
        regra: [640, 0],
        etiqueta: [960, -120],
        campos: [960, 120],
        espera: [1280, -120],
        template: [1280, 120],
        agenda: [1600, -120],
        outro: [1600, 120],
        fila: [1920, 0],
        fim: [1920, -200],
        crm: [480, -240.5],
      },
      notes: [{ text: "Revisar o CRM", at: [0, 300] }],
    },
  };
}
