// A flow built from an empty canvas in the visual editor (issue 16's first browser test) in a
// real browser against the real server, as an admin would: a new flow created by name on the
// flows page ("Criar fluxo", a blank name refused) and opened in the editor, a
// "Conteúdo" node from the palette given a message and a question with the buttons "Vendas" and
// "Suporte" (ports on the node) and made the entry, an "Abrir atendimento" node connected by
// dragging the "Vendas" port to it; its department missing is an error on the node and in the
// issues panel ("Publicar" blocked) until "Vendas" is picked in its form; "Salvo" (the draft
// checked through the API), published with a note (revision 1). "Testar": the panel's phone shows
// the message and the buttons, "Vendas" tapped, the run ends with the service opened in Vendas.
// Then the initial flow with the chatbot on (the flows page's settings card), and a new contact
// on the real simulator page writes "Oi", meets the flow, taps "Vendas" and their chat is open in
// the Vendas department (checked through the API). axe; screenshot `flow-from-scratch.png`.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, withScreenshots } from "./harness.mjs";
import { WAIT, adminSession, eventually, exactly } from "./ui.mjs";

const TEST_TIMEOUT = 120_000;
const FLOW_NAME = "Atendimento do zero";
const GREETING = "Olá! Aqui é a Loja do Zero.";
const QUESTION = "Com quem você quer falar?";
const NOTE = "Primeira versão, feita no canvas";
const CONTACT = { name: "Zeca Zero", phone: "5521955550016" };

let session;
let server;
let browser;
let admin;
let page;
let flowId;
let vendas;
/** The pages open now, for the screenshots on failure. */
const pages = {};

// The chatbot starts switched off (startServer's default): the admin switches it on for the
// simulator's part, on the flows page.
before(async () => {
  session = await adminSession();
  ({ server, browser, admin, page } = session);
  pages.desktop = page;
}, { timeout: TEST_TIMEOUT });

after(() => session?.close());

const journey = (name, fn) => test(name, { timeout: TEST_TIMEOUT }, () => withScreenshots(name, () => pages, fn));

const node = (id) => page.locator(`.react-flow__node[data-id="${id}"]`);
const port = (id, name) => node(id).locator(`.react-flow__handle[data-handleid="${name}"]`);
const edge = (from, name) => page.getByTestId(`rf__edge-${from}:${name}`);
const inspector = () => page.getByTestId("node-inspector");
const issues = () => page.getByTestId("editor-issues");
const nodeIssues = (id, severity) => issues().locator(`[data-testid="editor-issue"][data-node="${id}"].flow-issue-${severity}`);
const publishButton = () => page.getByRole("button", { name: "Publicar", exact: true });
const panel = () => page.getByTestId("test-run-panel");
const phone = () => panel().getByTestId("test-run-phone");
const state = () => panel().getByTestId("test-run-state");
const said = (where, text) => where.locator(".sim-message.company").filter({ hasText: text });

/** The draft once the editor has saved everything (the status reads "Salvo"). */
async function savedDraft() {
  await page.getByTestId("save-status").filter({ hasText: /^Salvo$/ }).waitFor();
  return (await admin.get(`/api/v1/flows/${flowId}`)).draft;
}

journey("build a flow from an empty canvas: content with buttons → open service by department; an error shown and fixed; published", async () => {
  // 0. A new flow, made on the flows page: "Criar fluxo" names it and opens it on the canvas,
  //    which starts from the flow's end (the format needs one node and an entry). A blank name
  //    is refused first, with nothing created.
  vendas = (await admin.get("/api/v1/departments")).items.find((d) => d.name === "Vendas");
  assert.ok(vendas, "the demo account has the department Vendas");
  const flowsBefore = (await admin.get("/api/v1/flows")).items.length;
  await page.goto(`${server.url}/admin/flows`);
  const create = page.getByTestId("flow-new");
  await create.getByRole("button", { name: "Criar e abrir no canvas" }).click();
  await create.getByText("Dê um nome ao fluxo.").waitFor();
  assert.equal((await admin.get("/api/v1/flows")).items.length, flowsBefore, "a blank name creates nothing");
  await create.getByLabel("Nome do novo fluxo").fill(FLOW_NAME);
  await create.getByRole("button", { name: "Criar e abrir no canvas" }).click();
  await page.waitForURL(/\/admin\/flows\/\d+\/editor$/);
  flowId = Number(new URL(page.url()).pathname.split("/")[3]);
  const created = await admin.get(`/api/v1/flows/${flowId}`);
  assert.equal(created.name, FLOW_NAME);
  assert.equal(created.published_revision ?? null, null, "the new flow is a draft, never published");
  await page.getByRole("heading", { name: FLOW_NAME, level: 1 }).waitFor();
  await node("fim").getByText("Início", { exact: true }).waitFor();
  assert.equal(await page.locator(".react-flow__node").count(), 1, "the canvas holds only the flow's end");
  assert.equal(await page.locator(".react-flow__edge").count(), 0);

  // 1. "Conteúdo" from the palette: the server finds it empty (an error on the node) until it
  //    gets a message and a question with two buttons, each a port of the node.
  const palette = page.getByTestId("step-palette");
  await palette.getByRole("button", { name: "Adicionar Conteúdo" }).click();
  await node("content").waitFor();
  await inspector().getByRole("heading", { name: 'Nó "content"' }).waitFor();
  await node("content").getByTestId("node-errors").waitFor();
  await inspector().getByTestId("config-issues").getByText(/não tem mensagens nem pergunta/).waitFor();
  await inspector().getByRole("button", { name: "Adicionar item" }).first().click();
  const message = inspector().getByRole("combobox", { name: "Mensagens" });
  await message.fill(GREETING);
  await message.blur();
  await inspector().getByRole("button", { name: "Incluir" }).click();
  await inspector().getByLabel("Tipo de resposta").selectOption({ label: "Escolha entre opções" });
  await inspector().getByRole("combobox", { name: "Texto da pergunta" }).fill(QUESTION);
  const option = (i) => inspector().getByTestId("option-item").nth(i);
  const addOption = inspector().getByRole("button", { name: "Adicionar opção" });
  await addOption.click();
  await option(0).getByLabel(/^Título/).fill("Vendas");
  await addOption.click();
  await option(1).getByLabel(/^Título/).fill("Suporte");
  await inspector().getByTestId("options-delivery").getByText(/^Vão como botões/).waitFor();
  await node("content").locator('[data-port="vendas"]').waitFor();
  await node("content").locator('[data-port="suporte"]').waitFor();
  await node("content").getByTestId("node-errors").waitFor({ state: "detached" });

  // The content node becomes the entry ("Início" moves to it); "Suporte" leads to the end,
  //    chosen in the side form (the keyboard's way to draw an edge).
  await inspector().getByRole("button", { name: "Tornar início" }).click();
  await node("content").getByText("Início", { exact: true }).waitFor();
  await node("fim").getByText("Início", { exact: true }).waitFor({ state: "detached" });
  await inspector().getByText("Este é o nó de início do fluxo.").waitFor();
  await inspector().getByLabel('Saída "suporte" vai para').selectOption("fim");
  await edge("content", "suporte").waitFor();

  // 2. "Abrir atendimento" from the palette, moved by the mouse to the right of the content
  //    node (it is placed just below it, over its ports), and the "Vendas" port dragged to it.
  await palette.getByRole("button", { name: "Adicionar Abrir atendimento" }).click();
  await node("open_service").waitFor();
  await inspector().getByRole("heading", { name: 'Nó "open_service"' }).waitFor();
  const content = await node("content").boundingBox();
  const grab = await node("open_service").locator(".step-node-head").boundingBox();
  await page.mouse.move(grab.x + 20, grab.y + grab.height / 2);
  await page.mouse.down();
  await page.mouse.move(content.x + content.width + 140, content.y + grab.height / 2, { steps: 12 });
  await page.mouse.up();
  await eventually(async () => {
    const [c, o] = [await node("content").boundingBox(), await node("open_service").boundingBox()];
    assert.ok(o.x > c.x + c.width + 60, "the open-service node now stands right of the content node");
  });
  await port("content", "vendas").dragTo(node("open_service").locator(".react-flow__handle.target"));
  await edge("content", "vendas").waitFor();

  // 3. Assigned to "Um departamento" without one: an error on the node and in the panel,
  //    "Publicar" blocked; the department "Vendas" picked from the account's own fixes it.
  await node("open_service").click();
  await inspector().getByRole("heading", { name: 'Nó "open_service"' }).waitFor();
  await inspector().getByLabel("Atribuir a").selectOption({ label: "Um departamento" });
  await node("open_service").getByTestId("node-errors").filter({ hasText: "1 erro(s)" }).waitFor();
  const missing = nodeIssues("open_service", "error");
  await missing.filter({ hasText: /Informe o departamento/ }).waitFor();
  assert.equal(await missing.count(), 1);
  await inspector().getByTestId("config-issues").getByText(/Informe o departamento/).waitFor();
  await issues().getByTestId("editor-issues-summary").filter({ hasText: /^1 erro\(s\)/ }).waitFor();
  assert.equal(await publishButton().isDisabled(), true, "a draft with an error cannot be published");
  await page.getByText("Corrija os erros para publicar.").waitFor();
  await assertNoSeriousViolations(page, "the flow editor with the open-service node's error");

  await inspector().getByLabel("Departamento").selectOption({ label: "Vendas" });
  await node("open_service").getByTestId("node-errors").waitFor({ state: "detached" });
  await missing.first().waitFor({ state: "detached" });
  await inspector().getByTestId("config-issues").waitFor({ state: "detached" });
  await issues().getByText("Nenhum problema encontrado: o rascunho pode ser publicado.").waitFor();
  assert.equal(await page.locator(".step-node-badge").count(), 0, "no node has an error or a warning");

  // 4. "Salvo": the draft is the flow drawn, with its layout.
  const draft = await savedDraft();
  assert.equal(draft.entry, "content");
  assert.deepEqual(
    Object.fromEntries(draft.nodes.map((n) => [n.id, { type: n.type, config: n.config }])),
    {
      fim: { type: "end", config: {} },
      content: {
        type: "content",
        config: {
          messages: [GREETING],
          input: { kind: "choice", text: QUESTION, options: [{ id: "vendas", title: "Vendas" }, { id: "suporte", title: "Suporte" }] },
        },
      },
      open_service: { type: "open-service", config: { assign: "department", department_id: vendas.id } },
    },
  );
  assert.deepEqual(
    draft.edges.map((e) => `${e.from.node}:${e.from.port}->${e.to}`).sort(),
    ["content:suporte->fim", "content:vendas->open_service"],
  );
  assert.deepEqual(Object.keys(draft.ui.positions).sort(), ["content", "fim", "open_service"]);
  assert.ok(draft.ui.positions.open_service[0] > draft.ui.positions.content[0] + 200, "the node's new place is saved");

  // 5. Published with a note: revision 1.
  assert.equal(await publishButton().isDisabled(), false);
  await publishButton().click();
  const dialog = page.getByTestId("publish-dialog");
  await dialog.getByLabel("Nota da publicação").fill(NOTE);
  await dialog.getByRole("button", { name: "Publicar", exact: true }).click();
  await page.getByText("Revisão 1 publicada.").waitFor();
  const revisions = (await admin.get(`/api/v1/flows/${flowId}/revisions`)).items;
  assert.equal(revisions.length, 1);
  assert.equal(revisions[0].revision, 1);
  assert.equal(revisions[0].note, NOTE);
  const published = await admin.get(`/api/v1/flows/${flowId}/export?revision=1`);
  assert.equal(published.entry, "content");
  assert.deepEqual(published.nodes.map((n) => n.id).sort(), ["content", "fim", "open_service"]);
  assert.equal((await admin.get("/api/v1/flows")).items.find((f) => f.id === flowId).published_revision, 1);
});

journey("test it in the editor: the message and the buttons on the panel's phone, Vendas tapped, the service opened in Vendas", async () => {
  const answer = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/api/v1/flows/${flowId}/test-run`);
  await page.getByRole("button", { name: "Testar", exact: true }).click();
  const response = await answer;
  assert.equal(response.status(), 200, await response.text());
  const run = await response.json();
  await panel().getByRole("heading", { name: "Testar fluxo" }).waitFor();

  // The message and the question with its two buttons; the entry outlined on the canvas.
  await said(phone(), GREETING).waitFor();
  const question = said(phone(), QUESTION);
  await question.getByRole("button", { name: "Vendas" }).waitFor();
  await question.getByRole("button", { name: "Suporte" }).waitFor();
  await node("content").locator(".step-node-test-running").getByText("Em teste").waitFor();
  await state().getByText("aguardando a resposta do contato").waitFor();

  // "Vendas" tapped: the run goes through its port and ends opening the service in Vendas.
  await question.getByRole("button", { name: "Vendas" }).click();
  await phone().locator(".sim-message.own .bubble-text", { hasText: exactly("Vendas") }).waitFor();
  await state().getByText("Encerrado: atendimento aberto").waitFor();
  await node("open_service").locator(".step-node-test-stopped").getByText("Parou aqui").waitFor();
  assert.equal(await node("content").locator(".step-node-test").count(), 0, "only the node the run is at is outlined");
  await panel().getByText(/^Saída "vendas" → /).waitFor();
  await panel().getByText("Abriu atendimento no departamento Vendas").waitFor();
  const visited = await panel().getByTestId("test-run-step").evaluateAll((items) => items.map((li) => li.dataset.node));
  assert.deepEqual(visited, ["content", "content", "open_service"]);
  // The test contact's chat is open in Vendas.
  await eventually(async () => {
    const chat = await admin.get(`/api/v1/conversations/${run.conversation_id}`);
    assert.equal(chat.department?.name, "Vendas");
    assert.equal(chat.state, "open");
  });

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "flow-from-scratch.png") });
  await assertNoSeriousViolations(page, "the flow editor with the test run panel open");
});

journey("the initial flow with the chatbot on: a new contact on the simulator page writes, taps Vendas, and is served by Vendas", async () => {
  // The account's initial flow, with the chatbot on, on the flows page's settings card.
  await page.goto(`${server.url}/admin/flows`);
  const settings = page.getByTestId("flow-settings");
  await settings.getByLabel("Chatbot ligado").check();
  await settings.getByLabel("Fluxo inicial").selectOption({ label: FLOW_NAME });
  await settings.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Configurações de fluxo salvas.").waitFor();
  const saved = await admin.get("/api/v1/flow-settings");
  assert.equal(saved.chatbot_enabled, true);
  assert.equal(saved.initial_flow_id, flowId);

  // A new contact on the real simulator page.
  const simContext = await browser.newContext({ locale: "pt-BR", viewport: { width: 420, height: 800 } });
  simContext.setDefaultTimeout(WAIT);
  try {
    const sim = await simContext.newPage();
    pages.simulator = sim;
    await sim.goto(server.simulatorUrl);
    await sim.getByLabel("Seu nome").fill(CONTACT.name);
    await sim.getByLabel("Seu telefone").fill(CONTACT.phone);
    await sim.getByRole("button", { name: "Começar" }).click();
    await sim.getByPlaceholder("Mensagem").fill("Oi");
    await sim.getByRole("button", { name: "Enviar" }).click();
    await sim.locator(".sim-message.own .bubble-text", { hasText: exactly("Oi") }).waitFor();

    await said(sim, GREETING).waitFor();
    const question = said(sim, QUESTION);
    await question.getByRole("button", { name: "Suporte" }).waitFor();
    await question.getByRole("button", { name: "Vendas" }).click();
    await sim.locator(".sim-message.own .bubble-text", { hasText: exactly("Vendas") }).waitFor();

    // The contact's chat is open, in the department Vendas.
    await eventually(async () => {
      const chat = await admin.conversationByPhone(CONTACT.phone);
      assert.equal(chat.contact.name, CONTACT.name);
      assert.equal(chat.department?.id, vendas.id);
      assert.equal(chat.state, "open");
    });
    // Served by the flow drawn here, its published revision, which handed the chat over.
    const chat = await admin.conversationByPhone(CONTACT.phone);
    const [session] = (await admin.get(`/api/v1/conversations/${chat.id}/flow-sessions`)).items;
    assert.deepEqual(
      { flow: session.flow.id, revision: session.revision, status: session.status, node: session.node, end: session.end_reason },
      { flow: flowId, revision: 1, status: "handover", node: "open_service", end: "atendimento aberto" },
    );
  } finally {
    delete pages.simulator;
    await simContext.close();
  }
});
