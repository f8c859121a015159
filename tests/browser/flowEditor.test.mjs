// The visual flow editor (/admin/flows/<id>/editor, issue 16 parts 1–5) in a real browser
// against the real server: the demo's initial flow (stored without layout) opens laid out with
// its nodes and edges; a step added from the palette (by mouse and by keyboard), a port dragged
// to it; a condition added with an empty rule shows its error on the node and in the panel, is
// fixed through its JSON and the draft reaches "Salvo" (checked through the API); undo/redo of a
// label, a node deleted and brought back; "Atalhos"; publishing revision 2. A flow file without
// layout, imported on the flows page, is laid out; an integrator's uploaded step type is on the
// palette; nodes copied from the demo flow are pasted into it. axe.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, REPO, withScreenshots } from "./harness.mjs";
import { adminSession, eventually } from "./ui.mjs";

const TEST_TIMEOUT = 120_000;
const DEMO_FLOW = "Boas-vindas";

/** A flow file as an export or a hand-written one without `ui`: no layout. */
const IMPORTED = {
  formatVersion: "1.0.0",
  name: "Importado sem layout",
  entry: "oi",
  nodes: [
    { id: "oi", type: "content", typeVersion: 1, config: { messages: ["Oi!"], input: { kind: "text", save_to: "email" } } },
    { id: "obrigado", type: "content", typeVersion: 1, config: { messages: ["Obrigado!"] } },
    { id: "tente", type: "content", typeVersion: 1, config: { messages: ["Não entendi."] } },
    { id: "fim", type: "end", typeVersion: 1, config: {} },
  ],
  edges: [
    { from: { node: "oi", port: "next" }, to: "obrigado" },
    { from: { node: "oi", port: "no_match" }, to: "tente" },
    { from: { node: "obrigado", port: "next" }, to: "fim" },
    { from: { node: "tente", port: "next" }, to: "fim" },
  ],
};

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
const edge = (from, port) => page.getByTestId(`rf__edge-${from}:${port}`);
const saveStatus = () => page.getByTestId("save-status");
const inspector = () => page.getByTestId("node-inspector");
const issues = () => page.getByTestId("editor-issues");

async function demoFlow() {
  return (await admin.get("/api/v1/flows")).items.find((f) => f.name === DEMO_FLOW);
}

/** The draft once the editor has saved everything (the status reads "Salvo"). */
async function savedDraft(id) {
  await saveStatus().filter({ hasText: /^Salvo$/ }).waitFor();
  return (await admin.get(`/api/v1/flows/${id}`)).draft;
}

/** Places of the nodes on the page: no two drawn on the same spot, all inside the canvas. */
async function assertLaidOut(count) {
  const canvas = await page.getByTestId("flow-canvas").boundingBox();
  const boxes = await page.locator(".react-flow__node").evaluateAll((nodes) =>
    nodes.map((n) => {
      const r = n.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
  assert.equal(boxes.length, count);
  for (const b of boxes) {
    assert.ok(b.width > 20 && b.height > 10, "the node is drawn with a size");
    assert.ok(b.x >= canvas.x - 1 && b.x + b.width <= canvas.x + canvas.width + 1, "the node is in view");
    assert.ok(b.y >= canvas.y - 1 && b.y + b.height <= canvas.y + canvas.height + 1, "the node is in view");
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      assert.ok(apart, "nodes do not overlap");
    }
  }
}

journey("edit the demo flow on the canvas: palette, ports, validation, autosave, undo/redo, delete, publish", async () => {
  const flow = await demoFlow();
  assert.equal((await admin.get(`/api/v1/flows/${flow.id}`)).draft.ui, undefined, "the demo flow is stored without layout");

  // 0. From the flows page, "Editar no canvas".
  await page.goto(`${server.url}/admin/flows`);
  const row = page.getByTestId("flow-row").filter({ has: page.getByRole("heading", { name: DEMO_FLOW }) });
  await row.getByRole("button", { name: "Ver detalhes" }).click();
  await row.getByRole("link", { name: "Editar no canvas" }).click();
  await page.waitForURL(`**/admin/flows/${flow.id}/editor`);
  await page.getByRole("heading", { name: DEMO_FLOW, level: 1 }).waitFor();

  // 1. Laid out automatically: every node in view and apart, every edge drawn, the entry marked;
  //    the layout is saved into ui.positions.
  await node("boas_vindas").getByText("Início", { exact: true }).waitFor();
  await eventually(async () => assert.equal(await page.locator(".react-flow__edge").count(), 9));
  await edge("setor", "else").waitFor();
  await assertLaidOut(7);
  let draft = await savedDraft(flow.id);
  assert.deepEqual(Object.keys(draft.ui.positions).sort(), draft.nodes.map((n) => n.id).sort());
  assert.equal(draft.nodes.length, 7, "the logic did not change");
  await issues().getByText("Nenhum problema encontrado: o rascunho pode ser publicado.").waitFor();

  // 2. The palette lists the account's steps with their Portuguese titles and descriptions;
  //    "Fim" added by a click, connected from the menu's "timeout" port.
  const palette = page.getByTestId("step-palette");
  await palette.getByRole("button", { name: "Adicionar Conteúdo" }).waitFor();
  assert.match(await palette.getByRole("button", { name: "Adicionar Conteúdo" }).getAttribute("aria-describedby"), /palette-step-content/);
  await palette.getByText(/^Condição: segue pela primeira regra/).waitFor();
  await palette.getByRole("button", { name: "Adicionar Fim" }).click();
  await node("end").waitFor();
  assert.equal(await node("end").locator(".react-flow__handle.source").count(), 0, "an end has no output port");
  await node("boas_vindas").locator('.react-flow__handle[data-handleid="timeout"]').dragTo(node("end").locator(".react-flow__handle.target"));
  await edge("boas_vindas", "timeout").waitFor();

  // 3. A condition added by keyboard (Enter on the palette): its empty rule is an error on the
  //    node and in the panel; "Publicar" is blocked.
  await palette.getByRole("button", { name: "Adicionar Condição" }).focus();
  await page.keyboard.press("Enter");
  await node("condition").waitFor();
  await node("condition").getByTestId("node-errors").waitFor();
  const conditionError = issues().locator('[data-testid="editor-issue"][data-node="condition"].flow-issue-error');
  await conditionError.first().waitFor();
  assert.equal(await page.getByRole("button", { name: "Publicar", exact: true }).isDisabled(), true);
  await page.getByText("Corrija os erros para publicar.").waitFor();
  await assertNoSeriousViolations(page, "the flow editor with a validation error");

  // 4. "Mostrar o nó" selects it; its JSON fixed in the side form: the error goes, its ports
  //    appear, and the draft is saved.
  await conditionError.first().getByRole("button", { name: 'Mostrar o nó "condition"' }).click();
  await inspector().getByRole("heading", { name: 'Nó "condition"' }).waitFor();
  // The form from the step's schema is the main editor; the raw JSON is under "Avançado (JSON)".
  await inspector().getByLabel("Saída (id)").waitFor();
  await inspector().getByRole("button", { name: "Avançado (JSON)" }).click();
  const config = inspector().getByLabel("Configuração (JSON)");
  await config.fill('{"rules": [{"id": "vip"');
  await inspector().getByText(/^JSON inválido/).waitFor();
  await config.fill('{"rules": [{"id": "vip", "tests": [{"left": "email", "op": "is_set"}]}]}');
  await config.blur();
  await node("condition").getByTestId("node-errors").waitFor({ state: "detached" });
  await node("condition").locator('[data-port="vip"]').waitFor();
  await node("condition").locator('[data-port="else"]').waitFor();
  // The keyboard's way to draw an edge: the port's target chosen in the side form.
  await inspector().getByLabel('Saída "else" vai para').selectOption("end");
  await edge("condition", "else").waitFor();
  draft = await savedDraft(flow.id);
  assert.deepEqual(draft.nodes.find((n) => n.id === "condition").config.rules[0].id, "vip");
  assert.ok(draft.edges.some((e) => e.from.node === "boas_vindas" && e.from.port === "timeout" && e.to === "end"));
  assert.ok(draft.edges.some((e) => e.from.node === "condition" && e.from.port === "else" && e.to === "end"));
  await assertNoSeriousViolations(page, "the flow editor with a node's side form");

  // 5. Undo and redo one change (a label), by the buttons and by the keys.
  const label = inspector().getByLabel("Nome do nó");
  await label.fill("Cliente VIP?");
  await label.press("Enter");
  await node("condition").getByText("Cliente VIP?").waitFor();
  await page.getByRole("button", { name: "Desfazer" }).click();
  await node("condition").getByText("Cliente VIP?").waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Refazer" }).click();
  await node("condition").getByText("Cliente VIP?").waitFor();
  await page.getByTestId("flow-canvas").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("Control+z");
  await node("condition").getByText("Cliente VIP?").waitFor({ state: "detached" });
  await page.keyboard.press("Control+Shift+z");
  await node("condition").getByText("Cliente VIP?").waitFor();

  // 6. The condition deleted with the Delete key (its edge too), then brought back by Ctrl+Z.
  await node("condition").click();
  await page.keyboard.press("Delete");
  await node("condition").waitFor({ state: "detached" });
  await edge("condition", "else").waitFor({ state: "detached" });
  await page.keyboard.press("Control+z");
  await node("condition").waitFor();
  await edge("condition", "else").waitFor();

  // 7. "Atalhos" lists the keys ("?" opens it too).
  await page.getByTestId("flow-canvas").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("?");
  const help = page.getByTestId("shortcuts-dialog");
  await help.getByRole("cell", { name: "Ctrl+Shift+Z / Ctrl+Y" }).waitFor();
  await assertNoSeriousViolations(page, "the shortcuts panel");
  await page.keyboard.press("Escape");
  await help.waitFor({ state: "detached" });

  // 8. Published: the saved draft (with its layout) becomes revision 2.
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "flow-editor.png") });
  await savedDraft(flow.id);
  await page.getByRole("button", { name: "Publicar", exact: true }).click();
  const dialog = page.getByTestId("publish-dialog");
  await dialog.getByLabel("Nota da publicação").fill("Fim no tempo esgotado, regra VIP");
  await dialog.getByRole("button", { name: "Publicar", exact: true }).click();
  await page.getByText("Revisão 2 publicada.").waitFor();
  const revisions = (await admin.get(`/api/v1/flows/${flow.id}/revisions`)).items;
  assert.equal(revisions.length, 2);
  const published = await admin.get(`/api/v1/flows/${flow.id}/export?revision=2`);
  assert.ok(published.nodes.some((n) => n.id === "condition" && n.label === "Cliente VIP?"));
});

journey("a flow file without layout is laid out; an uploaded step type joins the palette; nodes copied from another flow are pasted", async () => {
  // An integrator's flow step uploaded to the account (the hostile-step fixture: its schema
  // requires `on_reply`, whose first value a new node starts with).
  const form = new FormData();
  form.append("manifest", new Blob([readFileSync(join(REPO, "plugins/dist/testing/hostile-step.manifest.json"))]), "manifest.json");
  form.append("component", new Blob([readFileSync(join(REPO, "plugins/dist/testing/hostile-step.wasm"))]), "plugin.wasm");
  await admin.request("POST", "/api/v1/plugins", form);

  // Copied from the demo flow: the menu and the e-mail question, with the edges between them.
  const demo = await demoFlow();
  await page.goto(`${server.url}/admin/flows/${demo.id}/editor`);
  await node("boas_vindas").click();
  await node("email").click({ modifiers: ["Control"] });
  await page.keyboard.press("Control+c");
  await page.getByText("2 nó(s) copiado(s).").waitFor();

  // The file imported on the flows page, then "Editar no canvas".
  await page.goto(`${server.url}/admin/flows`);
  const upload = page.getByTestId("flow-upload");
  await upload.getByLabel("Arquivo do fluxo (.json)").setInputFiles({ name: "importado.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(IMPORTED)) });
  await upload.getByLabel("Enviar como").selectOption({ label: "Novo fluxo" });
  await upload.getByRole("button", { name: "Enviar" }).click();
  const row = page.getByTestId("flow-row").filter({ has: page.getByRole("heading", { name: IMPORTED.name }) });
  await row.getByRole("link", { name: "Editar no canvas" }).click();
  await page.getByRole("heading", { name: IMPORTED.name, level: 1 }).waitFor();
  const id = Number(new URL(page.url()).pathname.split("/")[3]);

  await eventually(async () => assert.equal(await page.locator(".react-flow__edge").count(), 4));
  await assertLaidOut(4);
  // Left to right: each edge's target is right of its source.
  const x = async (n) => (await node(n).boundingBox()).x;
  assert.ok((await x("obrigado")) > (await x("oi")) && (await x("tente")) > (await x("oi")) && (await x("fim")) > (await x("obrigado")));
  const draft = await savedDraft(id);
  assert.deepEqual(Object.keys(draft.ui.positions).sort(), ["fim", "obrigado", "oi", "tente"]);

  // The uploaded step on the palette, marked as the account's; a node of it starts valid.
  const hostile = page.getByTestId("step-palette").getByRole("button", { name: "Adicionar hostile-step da conta" });
  await hostile.click();
  await node("hostile_step").waitFor();
  await node("hostile_step").locator('.react-flow__handle[data-handleid="next"]').waitFor();
  assert.equal(await node("hostile_step").getByTestId("node-errors").count(), 0);

  // Pasted: fresh where free, the edges between the copied nodes only.
  await page.getByTestId("flow-canvas").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("Control+v");
  await node("boas_vindas").waitFor();
  await node("email").waitFor();
  await edge("boas_vindas", "vendas").waitFor();
  const pasted = await savedDraft(id);
  assert.equal(pasted.nodes.length, 7);
  assert.deepEqual(pasted.nodes.find((n) => n.id === "hostile_step"), { id: "hostile_step", type: "hostile-step", typeVersion: 1, config: { on_reply: "loop" } });
  assert.deepEqual(
    pasted.edges.filter((e) => e.from.node === "boas_vindas").map((e) => `${e.from.port}->${e.to}`),
    ["vendas->email", "suporte->email"],
    "only the edges between copied nodes come along",
  );
  await assertNoSeriousViolations(page, "the flow editor with an imported flow");
});
