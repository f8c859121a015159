// The flow editor in a real browser against the real server, its later parts of issue 16.
// Part 3, node forms: a content node built through its form — a message with {nome} picked from
// the variable suggestions, its optional question included, a choice whose options are added as
// a list and become ports on the canvas, a title over 20 characters flagged (the options go as a
// list) and one over 24 refused on its field, the options reordered; an open-service node given
// a department and a send-template node an approved template (name and language) picked from the
// account's own, a parameter with a custom field from the suggestions; each checked in the saved
// draft through the API. Part 8, two admins on one flow (two browser contexts as the same admin):
// the second's save meets the first's, "Outra pessoa alterou este rascunho" stops its autosave,
// "Manter o meu" saves it over theirs; the first then meets that save and "Recarregar" (after a
// confirmation) loads it, its own change never sent. Part 6, "Revisões": the published revisions
// with their notes, revision 1 compared with the draft (a node added, two changed — marked on the
// canvas) and with revision 2, restored as the draft, a file imported from the editor (checked
// through the API). axe; screenshots `flow-editor-forms.png`, `flow-editor-conflict.png`,
// `flow-editor-revisions.png`.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, withScreenshots } from "./harness.mjs";
import { WAIT, adminSession, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 90_000;

/** A flow with one node, "fim", laid out: the forms' nodes are added from the palette. */
const FLOW = {
  formatVersion: "1.0.0",
  name: "Formulários",
  entry: "fim",
  nodes: [{ id: "fim", type: "end", typeVersion: 1, config: {} }],
  edges: [],
  ui: { positions: { fim: [600, 200] } },
};

let session;
let server;
let browser;
let admin;
let page;
let flowId;
let department;

/** The account's department, the flow, a template and a custom field, there before the first page. */
async function seed(api) {
  department = await api.post("/api/v1/departments", { name: "Comercial" });
  flowId = (await api.post("/api/v1/flows", FLOW)).flow.id;
  const channel = (await api.get("/api/v1/channels")).items.find((c) => c.kind === "simulator");
  await api.post(`/api/v1/channels/${channel.id}/templates`, {
    name: "pedido_enviado",
    language: "pt_BR",
    category: "utility",
    components: [{ type: "BODY", text: "Olá {{1}}, seu plano {{2}} está ativo." }],
  });
  await api.post("/api/v1/custom-fields", { key: "plano", label: "Plano contratado", kind: "text" });
}

before(async () => {
  session = await adminSession({ viewport: { width: 1440, height: 1000 }, prepare: (s) => seed(s.admin) });
  ({ server, browser, admin, page } = session);
}, { timeout: TEST_TIMEOUT });

after(() => session?.close());

const journey = (name, fn) => test(name, { timeout: TEST_TIMEOUT }, () => withScreenshots(name, () => ({ desktop: page }), fn));

const node = (id) => page.locator(`.react-flow__node[data-id="${id}"]`);
const inspector = () => page.getByTestId("node-inspector");
const option = (i) => inspector().getByTestId("option-item").nth(i);

/** The node's config in the draft once the editor has saved everything. */
async function savedConfig(id) {
  await page.getByTestId("save-status").filter({ hasText: /^Salvo$/ }).waitFor();
  return (await admin.get(`/api/v1/flows/${flowId}`)).draft.nodes.find((n) => n.id === id)?.config;
}

journey("a content node built through its form: variables suggested, options as ports, WhatsApp's limits on the fields", async () => {
  await page.goto(`${server.url}/admin/flows/${flowId}/editor`);
  await node("fim").waitFor();
  await page.getByTestId("step-palette").getByRole("button", { name: "Adicionar Conteúdo" }).click();
  await node("content").waitFor();
  await inspector().getByRole("heading", { name: 'Nó "content"' }).waitFor();
  // The server's finding about the whole config is shown above the form.
  await inspector().getByTestId("config-issues").getByText(/não tem mensagens nem pergunta/).waitFor();

  // A message: "{no" suggests the contact's fields; Enter writes {nome}.
  await inspector().getByRole("button", { name: "Adicionar item" }).first().click();
  const message = inspector().getByRole("combobox", { name: "Mensagens" });
  await message.fill("Olá {no");
  await message.press("End");
  await inspector().getByTestId("variable-suggestions").getByRole("option", { name: /\{nome\}/ }).waitFor();
  await message.press("Enter");
  assert.equal(await message.inputValue(), "Olá {nome}");
  await message.pressSequentially("! Tudo bem?");
  await message.blur();

  // A question included, a choice with two options, each a port of the node on the canvas.
  await inspector().getByRole("button", { name: "Incluir" }).click();
  await inspector().getByLabel("Tipo de resposta").selectOption({ label: "Escolha entre opções" });
  await inspector().getByRole("combobox", { name: "Texto da pergunta" }).fill("Com quem quer falar?");
  const add = inspector().getByRole("button", { name: "Adicionar opção" });
  await add.click();
  await option(0).getByLabel(/^Título/).fill("Vendas");
  assert.equal(await option(0).getByLabel(/^Saída \(id\)/).inputValue(), "vendas", "the id follows the title");
  await add.click();
  await option(1).getByLabel(/^Título/).fill("Suporte");
  await inspector().getByTestId("options-delivery").getByText(/^Vão como botões/).waitFor();
  await node("content").locator('[data-port="vendas"]').waitFor();
  await node("content").locator('[data-port="suporte"]').waitFor();
  await node("content").getByTestId("node-errors").waitFor({ state: "detached" });

  // 21 characters: no button holds it, the options go as a list (flagged on the field).
  const title = option(1).getByLabel(/^Título/);
  await title.fill("Suporte técnico geral");
  await option(1).getByText("Passa de 20 caracteres: não cabe num botão, as opções irão como lista (até 24).").waitFor();
  await inspector().getByTestId("options-delivery").getByText(/^Vão como lista/).waitFor();
  await option(1).getByText("21/24 caracteres").waitFor();
  // 25 characters: refused, on the field.
  await title.fill("Suporte técnico para lojas");
  await option(1).getByText("O título da opção 2 passa de 24 caracteres.").waitFor();
  assert.equal(await title.getAttribute("aria-invalid"), "true");
  await node("content").getByTestId("node-errors").waitFor();
  await title.fill("Suporte técnico");
  await option(1).getByText("O título da opção 2 passa de 24 caracteres.").waitFor({ state: "detached" });
  assert.equal(await option(1).getByLabel(/^Saída \(id\)/).inputValue(), "suporte_tecnico");

  // Reordered: the second option moved up.
  await inspector().getByRole("button", { name: "Subir a opção 2" }).click();
  await node("content").locator('[data-port="suporte_tecnico"]').waitFor();
  await node("content").getByTestId("node-errors").waitFor({ state: "detached" });
  const config = await savedConfig("content");
  assert.deepEqual(config, {
    messages: ["Olá {nome}! Tudo bem?"],
    input: {
      kind: "choice",
      text: "Com quem quer falar?",
      options: [
        { id: "suporte_tecnico", title: "Suporte técnico" },
        { id: "vendas", title: "Vendas" },
      ],
    },
  });
  const ports = await node("content").locator("[data-port]").evaluateAll((els) => els.map((e) => e.dataset.port));
  assert.deepEqual(ports.slice(0, 2), ["suporte_tecnico", "vendas"], "the ports follow the options' order");

  await assertNoSeriousViolations(page, "a content node's form");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "flow-editor-forms.png") });
});

journey("an open-service node given a department and a template node a template, picked from the account's own", async () => {
  await page.getByTestId("step-palette").getByRole("button", { name: "Adicionar Abrir atendimento" }).click();
  await node("open_service").waitFor();
  await inspector().getByLabel("Atribuir a").selectOption({ label: "Um departamento" });
  await inspector().getByTestId("config-issues").getByText(/Informe o departamento/).waitFor();
  await inspector().getByLabel("Departamento").selectOption({ label: "Comercial" });
  await inspector().getByTestId("config-issues").waitFor({ state: "detached" });
  await node("open_service").getByTestId("node-errors").waitFor({ state: "detached" });
  assert.deepEqual(await savedConfig("open_service"), { assign: "department", department_id: department.id });
  // Undo takes the department back (one step per change).
  await page.getByRole("button", { name: "Desfazer" }).click();
  assert.equal(await inspector().getByLabel("Departamento").inputValue(), "");
  await page.getByRole("button", { name: "Refazer" }).click();
  assert.equal(await inspector().getByLabel("Departamento").inputValue(), String(department.id));
  await assertNoSeriousViolations(page, "an open-service node's form");

  // A template node: the template picked from the channel's approved ones (name and language
  // together), a parameter with the account's custom field {plano} picked from the suggestions.
  await page.getByTestId("step-palette").getByRole("button", { name: "Adicionar Template" }).click();
  await node("send_template").waitFor();
  await inspector().getByLabel("Template aprovado").selectOption({ label: "pedido_enviado (pt_BR)" });
  await inspector().getByRole("button", { name: "Adicionar item" }).click();
  const parameter = inspector().getByRole("combobox", { name: "Parâmetros" });
  await parameter.fill("{pl");
  await inspector().getByTestId("variable-suggestions").getByRole("option", { name: /\{plano\} Plano contratado/ }).waitFor();
  await parameter.press("Tab");
  assert.equal(await parameter.inputValue(), "{plano}");
  await parameter.blur();
  await node("send_template").getByTestId("node-errors").waitFor({ state: "detached" });
  assert.deepEqual(await savedConfig("send_template"), { name: "pedido_enviado", language: "pt_BR", parameters: ["{plano}"] });
});

journey("two admins on one flow: the second sees the conflict, keeps theirs; the first reloads", async () => {
  const shared = await admin.post("/api/v1/flows", {
    formatVersion: "1.0.0",
    name: "Dois admins",
    entry: "oi",
    nodes: [
      { id: "oi", type: "content", typeVersion: 1, config: { messages: ["Oi!"] } },
      { id: "fim", type: "end", typeVersion: 1, config: {} },
    ],
    edges: [{ from: { node: "oi", port: "next" }, to: "fim" }],
    ui: { positions: { oi: [0, 0], fim: [320, 0] } },
  });
  const id = shared.flow.id;
  const other = await browser.newContext({ locale: "pt-BR", viewport: { width: 1440, height: 900 } });
  other.setDefaultTimeout(WAIT);
  try {
    const second = await other.newPage();
    await signIn(second, server);
    const open = async (p) => {
      await p.goto(`${server.url}/admin/flows/${id}/editor`);
      await p.locator('.react-flow__node[data-id="fim"]').waitFor();
      await p.getByTestId("save-status").filter({ hasText: /^Salvo$/ }).waitFor();
    };
    const rename = async (p, nodeId, label) => {
      await p.locator(`.react-flow__node[data-id="${nodeId}"]`).click();
      const field = p.getByTestId("node-inspector").getByLabel("Nome do nó");
      await field.fill(label);
      await field.press("Enter");
    };
    const draft = async () => (await admin.get(`/api/v1/flows/${id}`)).draft;
    const labelOf = (d, nodeId) => d.nodes.find((n) => n.id === nodeId).label;
    await open(page);
    await open(second);

    // The first saves; the second, still on the version it loaded, is refused and told so.
    await rename(page, "oi", "Da Ana");
    await page.getByTestId("save-status").filter({ hasText: /^Salvo$/ }).waitFor();
    assert.equal(labelOf(await draft(), "oi"), "Da Ana");
    await rename(second, "fim", "Do Beto");
    const notice = second.getByTestId("draft-conflict");
    await notice.getByRole("heading", { name: "Outra pessoa alterou este rascunho" }).waitFor();
    await second.getByTestId("save-status").filter({ hasText: "Não salvo: o rascunho mudou" }).waitFor();
    let d = await draft();
    assert.equal(labelOf(d, "oi"), "Da Ana", "the first admin's save stands");
    assert.equal(labelOf(d, "fim"), undefined, "nothing of the second's was saved");
    // Autosave stopped: another change is not sent either.
    await rename(second, "oi", "Olá");
    await second.waitForTimeout(2_000);
    assert.equal(labelOf(await draft(), "oi"), "Da Ana");
    await assertNoSeriousViolations(second, "the flow editor's conflict notice");
    mkdirSync(ARTIFACTS, { recursive: true });
    await second.screenshot({ path: join(ARTIFACTS, "flow-editor-conflict.png") });

    // "Manter o meu": the second's draft saved over the first's.
    await notice.getByRole("button", { name: "Manter o meu" }).click();
    await notice.waitFor({ state: "detached" });
    await second.getByTestId("save-status").filter({ hasText: /^Salvo$/ }).waitFor();
    d = await draft();
    assert.equal(labelOf(d, "fim"), "Do Beto");
    assert.equal(labelOf(d, "oi"), "Olá");

    // The first edits on: refused in turn; "Recarregar" after "Sim" loads the second's draft,
    // the first's unsaved change discarded (never sent).
    await rename(page, "fim", "Fim da Ana");
    const first = page.getByTestId("draft-conflict");
    await first.getByRole("button", { name: "Recarregar" }).click();
    const confirm = page.getByRole("dialog", { name: "Recarregar o rascunho?" });
    await confirm.getByRole("button", { name: "Sim" }).click();
    await first.waitFor({ state: "detached" });
    await page.locator('.react-flow__node[data-id="fim"]').getByText("Do Beto").waitFor();
    await page.locator('.react-flow__node[data-id="oi"]').getByText("Olá").waitFor();
    await page.getByTestId("save-status").filter({ hasText: /^Salvo$/ }).waitFor();
    d = await draft();
    assert.equal(labelOf(d, "fim"), "Do Beto", "the discarded change was not sent");
    // And the first saves normally again, over the version it reloaded.
    await rename(page, "oi", "Olá de novo");
    await page.getByTestId("save-status").filter({ hasText: /^Salvo$/ }).waitFor();
    await eventually(async () => assert.equal(labelOf(await draft(), "oi"), "Olá de novo"));
  } finally {
    await other.close();
  }
});

journey("revisions: the list, a revision compared with the draft and with another, one restored as the draft", async () => {
  const doc = {
    formatVersion: "1.0.0",
    name: "Revisões",
    entry: "oi",
    nodes: [
      { id: "oi", type: "content", typeVersion: 1, config: { messages: ["Oi!"] } },
      { id: "fim", type: "end", typeVersion: 1, config: {} },
    ],
    edges: [{ from: { node: "oi", port: "next" }, to: "fim" }],
    ui: { positions: { oi: [0, 0], fim: [320, 0] } },
  };
  const id = (await admin.post("/api/v1/flows", doc)).flow.id;
  await admin.post(`/api/v1/flows/${id}/publish`, { note: "Primeira versão" });
  const second = {
    ...doc,
    nodes: [
      { id: "oi", type: "content", typeVersion: 1, config: { messages: ["Olá, {nome}!"] } },
      doc.nodes[1],
      { id: "fila", type: "open-service", typeVersion: 1, config: { assign: "none" } },
    ],
    edges: doc.edges,
    ui: { positions: { oi: [0, 0], fim: [320, 0], fila: [320, 160] } },
  };
  await admin.put(`/api/v1/flows/${id}`, second);
  await admin.post(`/api/v1/flows/${id}/publish`, { note: "Saudação com nome" });
  await admin.put(`/api/v1/flows/${id}`, { ...second, nodes: second.nodes.map((n) => (n.id === "fim" ? { ...n, label: "Tchau" } : n)) });

  await page.goto(`${server.url}/admin/flows/${id}/editor`);
  await node("fila").waitFor();
  await page.getByRole("button", { name: "Revisões", exact: true }).click();
  const panel = page.getByTestId("revisions-panel");
  const items = panel.getByTestId("editor-revision");
  await items.first().getByText("Saudação com nome").waitFor();
  assert.equal(await items.count(), 2);
  await items.nth(1).getByText("Primeira versão").waitFor();
  await items.nth(1).getByText(/por Ana Demo/).waitFor();

  // Revision 1 against the draft: "fila" added, "oi" (config) and "fim" (name) changed, marked on the canvas.
  await panel.getByRole("button", { name: "Comparar a revisão 1 com o rascunho" }).click();
  const diff = panel.getByTestId("revision-diff");
  await diff.getByTestId("diff-added").getByText("fila").waitFor();
  await diff.getByTestId("diff-changed").getByText("oi (configuração)").waitFor();
  await diff.getByTestId("diff-changed").getByText("fim (nome)").waitFor();
  assert.match(await node("fila").getAttribute("class"), /diff-added/);
  assert.match(await node("oi").getAttribute("class"), /diff-changed/);
  assert.doesNotMatch(await node("oi").getAttribute("class"), /diff-added/);
  assert.equal(await diff.getByText("Configurações ou variáveis do fluxo mudaram.").count(), 0, "an export's id and revision are no difference");
  await assertNoSeriousViolations(page, "the revisions panel with a comparison");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "flow-editor-revisions.png") });
  // Revision 1 against revision 2: the canvas (the draft) is not marked.
  await diff.getByLabel("Para").selectOption({ label: "Revisão 2" });
  await diff.getByTestId("diff-changed").getByText("fim (nome)").waitFor({ state: "detached" });
  await diff.getByTestId("diff-added").getByText("fila").waitFor();
  assert.doesNotMatch(await node("fila").getAttribute("class"), /diff-/);

  // Revision 1 restored as the draft, after "Sim": saved, and now the same as revision 1.
  await panel.getByRole("button", { name: "Restaurar a revisão 1 como rascunho" }).click();
  await page.getByRole("dialog", { name: "Restaurar a revisão 1?" }).getByRole("button", { name: "Sim" }).click();
  await page.getByText("Revisão 1 restaurada como rascunho.").waitFor();
  await node("fila").waitFor({ state: "detached" });
  await page.getByTestId("save-status").filter({ hasText: /^Salvo$/ }).waitFor();
  const draft = (await admin.get(`/api/v1/flows/${id}`)).draft;
  assert.deepEqual(draft.nodes, doc.nodes);
  assert.equal(draft.revision, undefined, "the export's own fields are left out");
  await diff.getByLabel("Para").selectOption({ label: "Rascunho atual" });
  await diff.getByTestId("diff-same").waitFor();

  // A file imported from the editor becomes the draft.
  const file = { ...doc, nodes: [...doc.nodes, { id: "tchau", type: "content", typeVersion: 1, config: { messages: ["Tchau!"] } }] };
  await panel.getByLabel("Importar arquivo (.json)").setInputFiles({ name: "fluxo.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
  await page.getByText("Arquivo importado como rascunho.").waitFor();
  await node("tchau").waitFor();
  await diff.getByTestId("diff-added").getByText("tchau").waitFor();
  await page.getByTestId("save-status").filter({ hasText: /^Salvo$/ }).waitFor();
  assert.ok((await admin.get(`/api/v1/flows/${id}`)).draft.nodes.some((n) => n.id === "tchau"));
});
