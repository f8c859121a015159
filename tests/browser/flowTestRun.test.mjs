// The flow editor's test run (issue 16 part 7) in a real browser against the real server: the
// demo flow "Boas-vindas" opened in the editor, "Testar" plays its saved draft as the admin's
// test contact on the simulator channel — the greeting and the menu on the panel's phone, the
// entry outlined on the canvas and named in the panel ("Nó atual"), the steps with their effects
// ("Enviou: …"); the contact taps "Vendas" and types an e-mail: the next node, the variable
// `assunto`, the steps' ports, and the end ("Encerrado: atendimento aberto", the service opened in
// the department Vendas). "Reiniciar" starts over at the entry; the node name shows the node on
// the canvas; Esc closes the panel (the focus back on "Testar"); a draft with an error is refused
// with the server's message. On a phone (390 px) the panel opens in view above the canvas, and a
// node's name scrolls back to the canvas. axe; screenshots `flow-test-run.png`,
// `flow-test-run-phone.png`.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, withScreenshots } from "./harness.mjs";
import { adminSession, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 120_000;
const DEMO_FLOW = "Boas-vindas";

let session;
let server;
let admin;
let page;

before(async () => {
  session = await adminSession();
  ({ server, admin, page } = session);
}, { timeout: TEST_TIMEOUT });

after(() => session?.close());

const journey = (name, fn) => test(name, { timeout: TEST_TIMEOUT }, () => withScreenshots(name, () => ({ desktop: page }), fn));

const node = (id) => page.locator(`.react-flow__node[data-id="${id}"]`);
const panel = () => page.getByTestId("test-run-panel");
const phone = () => panel().getByTestId("test-run-phone");
const state = () => panel().getByTestId("test-run-state");
const steps = () => panel().getByTestId("test-run-step");
/** The company's messages on the phone with this text. */
const said = (text) => phone().locator(".sim-message.company").filter({ hasText: text });

/** Presses "Testar" (or "Reiniciar") and reads the run the server answered with. */
async function startRun(button) {
  const answer = page.waitForResponse((r) => r.request().method() === "POST" && /\/api\/v1\/flows\/\d+\/test-run$/.test(new URL(r.url()).pathname));
  await button.click();
  const response = await answer;
  assert.equal(response.status(), 200, await response.text());
  return response.json();
}

journey("test the demo flow in the editor: phone, current node, variables, steps and effects, restart", async () => {
  const flow = (await admin.get("/api/v1/flows")).items.find((f) => f.name === DEMO_FLOW);
  await page.goto(`${server.url}/admin/flows/${flow.id}/editor`);
  await page.getByRole("heading", { name: DEMO_FLOW, level: 1 }).waitFor();
  await node("boas_vindas").waitFor();
  // The open-service node's form loads the account's departments: the panel names them.
  await node("abrir_vendas").click();
  await page.getByTestId("node-inspector").getByLabel("Departamento").waitFor();

  // 1. "Testar": the saved draft starts from its entry as the admin's test contact, on the
  //    simulator channel (never a real contact, never Meta).
  const run = await startRun(page.getByRole("button", { name: "Testar", exact: true }));
  assert.ok(run.revision < 0, "a test snapshot, not a published revision");
  assert.equal(run.flow_id, flow.id);
  const chat = await admin.get(`/api/v1/conversations/${run.conversation_id}`);
  assert.equal(chat.channel.kind, "simulator");
  assert.equal(chat.contact.phone, run.simulator.phone);
  await panel().getByRole("heading", { name: "Testar fluxo" }).waitFor();
  await panel().getByText(/nada é enviado ao WhatsApp \(Meta\)/).waitFor();
  assert.equal(await panel().evaluate((el) => el === document.activeElement), true, "the panel takes the focus");

  // 2. The greeting and the menu on the phone; the entry outlined on the canvas and named.
  await said("Eu sou a assistente virtual da Demo.").waitFor();
  await said("Como podemos ajudar?").getByRole("button", { name: "Vendas" }).waitFor();
  await node("boas_vindas").locator(".step-node-test-running").getByText("Em teste").waitFor();
  await state().getByText("Nó atual:").waitFor();
  await state().getByRole("button", { name: "Boas-vindas e menu" }).waitFor();
  await state().getByText("aguardando a resposta do contato").waitFor();
  await steps().first().getByText("Boas-vindas e menu").waitFor();
  await steps().first().getByText(/^Enviou: Olá, .*assistente virtual da Demo\.$/).waitFor();
  await steps().first().getByText("Aguardou o contato").waitFor();

  // 3. The contact taps "Vendas": the e-mail question, the node it waits at, `assunto` set.
  await said("Como podemos ajudar?").getByRole("button", { name: "Vendas" }).click();
  await said("Para agilizar, qual é o seu e-mail?").waitFor();
  await state().getByRole("button", { name: "Salvar o e-mail" }).waitFor();
  await node("email").locator(".step-node-test-running").waitFor();
  assert.equal(await node("boas_vindas").locator(".step-node-test").count(), 0, "only the node the run is at is outlined");
  const variables = panel().getByTestId("test-run-variables");
  await variables.getByRole("row", { name: "assunto Vendas" }).waitFor();
  await panel().getByText('Saída "vendas" → Salvar o e-mail').waitFor();
  await panel().getByText("Enviou: Para agilizar, qual é o seu e-mail?").waitFor();

  // 4. An e-mail typed: the thanks, the condition, and the service opened in "Vendas"; the run
  //    ended there.
  await phone().getByLabel("Mensagem").fill("ana@example.com");
  await phone().getByRole("button", { name: "Enviar" }).click();
  await said("Já vou chamar alguém de Vendas").waitFor();
  await state().getByText("Encerrado: atendimento aberto").waitFor();
  await state().getByText("Passou para atendimento").waitFor();
  await state().getByText("Parou em:").waitFor();
  await node("abrir_vendas").locator(".step-node-test-stopped").getByText("Parou aqui").waitFor();
  await panel().getByText("Abriu atendimento no departamento Vendas").waitFor();
  // The answer went to the contact's e-mail field (the node's "save_to"), not to a variable.
  await panel().getByText("Campo email = ana@example.com").waitFor();
  assert.equal(await variables.getByRole("row", { name: /^email / }).count(), 0);
  // Newest last: the greeting's wait, each answer taken at the node that waited, the way on.
  const visited = await steps().evaluateAll((items) => items.map((li) => li.dataset.node));
  assert.deepEqual(visited, ["boas_vindas", "boas_vindas", "email", "email", "aguarde", "setor", "abrir_vendas"]);

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "flow-test-run.png") });
  await assertNoSeriousViolations(page, "the flow editor's test run panel");

  // 5. The node's name in the panel shows it on the canvas (selected, in focus).
  await state().getByRole("button", { name: "abrir_vendas" }).click();
  await page.locator('.react-flow__node.selected[data-id="abrir_vendas"]').waitFor();
  assert.equal(await node("abrir_vendas").evaluate((el) => el === document.activeElement), true);

  // 6. "Reiniciar": the conversation starts over at the entry; the old steps are gone.
  const greetings = await said("Como podemos ajudar?").count();
  const again = await startRun(panel().getByRole("button", { name: "Reiniciar" }));
  assert.equal(again.conversation_id, run.conversation_id, "the same test contact");
  await eventually(async () => assert.equal(await said("Como podemos ajudar?").count(), greetings + 1));
  // The canvas was last moved to "abrir_vendas"; only what is in view is on the page, so the
  // entry is shown by its name in the panel, outlined.
  await state().getByRole("button", { name: "Boas-vindas e menu" }).click();
  await node("boas_vindas").locator(".step-node-test-running").waitFor();
  await eventually(async () => assert.equal(await steps().count(), 1));
  await said("Como podemos ajudar?").last().getByRole("button", { name: "Suporte" }).click();
  await said("Para agilizar, qual é o seu e-mail?").nth(1).waitFor();
  await variables.getByRole("row", { name: "assunto Suporte" }).waitFor();

  // 7. Esc closes the panel, the focus back on "Testar"; nothing stays outlined.
  await phone().getByLabel("Mensagem").focus();
  await page.keyboard.press("Escape");
  await panel().waitFor({ state: "detached" });
  assert.equal(await page.getByRole("button", { name: "Testar", exact: true }).evaluate((el) => el === document.activeElement), true);
  assert.equal(await page.locator(".step-node-test").count(), 0);
});

journey("a draft with an error is refused with the server's message", async () => {
  const flow = (await admin.get("/api/v1/flows")).items.find((f) => f.name === DEMO_FLOW);
  await page.goto(`${server.url}/admin/flows/${flow.id}/editor`);
  await node("boas_vindas").waitFor();
  // A condition without rules: an error the editor shows, the server refuses to run.
  await page.getByTestId("step-palette").getByRole("button", { name: "Adicionar Condição" }).click();
  await node("condition").getByTestId("node-errors").waitFor();
  await page.getByRole("button", { name: "Testar", exact: true }).click();
  const error = panel().getByTestId("test-run-error");
  await error.getByText(/^Não foi possível iniciar o teste: .+/).waitFor();
  assert.equal(await phone().count(), 0, "no conversation without a run");
  await assertNoSeriousViolations(page, "the test run panel with the server's refusal");
  // Undone, the draft is valid again: "Reiniciar" runs it.
  await page.getByRole("button", { name: "Desfazer" }).click();
  await node("condition").waitFor({ state: "detached" });
  await startRun(panel().getByRole("button", { name: "Reiniciar" }));
  await error.waitFor({ state: "detached" });
  await state().getByRole("button", { name: "Boas-vindas e menu" }).waitFor();
});

journey("on a phone the test panel opens in view, above the canvas, and a node's name scrolls to the canvas", async () => {
  const flow = (await admin.get("/api/v1/flows")).items.find((f) => f.name === DEMO_FLOW);
  const phoneContext = await session.browser.newContext({ locale: "pt-BR", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const small = await phoneContext.newPage();
    await signIn(small, server);
    await small.goto(`${server.url}/admin/flows/${flow.id}/editor`);
    await small.locator('.react-flow__node[data-id="boas_vindas"]').waitFor();
    await small.getByRole("button", { name: "Testar", exact: true }).click();
    const smallPanel = small.getByTestId("test-run-panel");
    await smallPanel.getByTestId("test-run-phone").locator(".sim-message.company").filter({ hasText: "Como podemos ajudar?" }).first().waitFor();
    // The panel's heading is on the screen as it opens, and the panel comes before the canvas.
    const heading = await smallPanel.getByRole("heading", { name: "Testar fluxo" }).boundingBox();
    assert.ok(heading && heading.y >= 0 && heading.y + heading.height <= 844, `the panel's heading is in view: ${JSON.stringify(heading)}`);
    const canvas = small.getByTestId("flow-canvas");
    const [panelBox, canvasBox] = [await smallPanel.boundingBox(), await canvas.boundingBox()];
    assert.ok(panelBox.y < canvasBox.y, "the panel above the canvas");
    assert.equal(await small.getByTestId("step-palette").isVisible(), false, "no palette while testing on a phone");
    // The node's name shows it: the canvas scrolls into view with the node selected.
    await smallPanel.getByTestId("test-run-state").getByRole("button", { name: "Boas-vindas e menu" }).click();
    await small.locator('.react-flow__node.selected[data-id="boas_vindas"]').waitFor();
    await eventually(async () => {
      const box = await canvas.boundingBox();
      assert.ok(box.y < 844 && box.y + box.height > 0, `the canvas scrolled into view: ${JSON.stringify(box)}`);
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    await small.screenshot({ path: join(ARTIFACTS, "flow-test-run-phone.png") });
    await assertNoSeriousViolations(small, "the test run panel on a phone");
  } finally {
    await phoneContext.close();
  }
});
