// The flows page (/admin/flows, issue 14 part 2) in a real browser against the real server: the
// admin uploads a flow file with an edge to a missing node, sees the error named by node and
// field with publishing blocked, uploads the fixed file as the new draft, publishes it with a
// note, sees the revision, makes it the initial flow with the chatbot on, and a contact writing
// through the simulator gets the flow's first message; the export downloads the document. An
// agent sees that only admins manage flows.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { simulatorSay } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, withScreenshots } from "./harness.mjs";
import { WAIT, adminSession, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 90_000;
const FLOW_NAME = "Boas-vindas do teste";
const GREETING = "Olá! Aqui é o fluxo de boas-vindas do teste.";
const PHONE = "5521955559001";

let session;
let server;
let browser;
let admin;
let page;

/** A flow of two nodes; `to` is where the greeting's edge goes ("fantasma" does not exist). */
const flowFile = (to) => ({
  name: "boas-vindas.json",
  mimeType: "application/json",
  buffer: Buffer.from(
    JSON.stringify({
      formatVersion: "1.0.0",
      name: FLOW_NAME,
      entry: "oi",
      nodes: [
        { id: "oi", type: "content", typeVersion: 1, config: { messages: [GREETING] } },
        { id: "fim", type: "end", typeVersion: 1, config: {} },
      ],
      edges: [{ from: { node: "oi", port: "next" }, to }],
    }),
  ),
});

before(async () => {
  session = await adminSession({ viewport: { width: 1280, height: 900 }, contextOptions: { acceptDownloads: true } });
  ({ server, browser, admin, page } = session);
}, { timeout: TEST_TIMEOUT });

after(() => session?.close());

const journey = (name, fn) => test(name, { timeout: TEST_TIMEOUT }, () => withScreenshots(name, () => ({ desktop: page }), fn));

const upload = () => page.getByTestId("flow-upload");
const flowRow = () => page.getByTestId("flow-row").filter({ has: page.getByRole("heading", { name: FLOW_NAME }) });

/** What the contact's phone shows from the company (outbound texts). */
async function contactSees(phone) {
  const url = new URL(server.simulatorUrl);
  const key = url.pathname.split("/").pop();
  const res = await fetch(`${url.origin}/api/v1/simulator/${key}/messages?phone=${phone}`);
  const page = await res.json();
  return page.items.filter((m) => m.direction === "outbound").map((m) => m.text);
}

journey("upload, fix and publish a flow; it greets a new contact and exports as a file", async () => {
  await page.goto(`${server.url}/admin/flows`);
  await page.getByRole("heading", { name: "Fluxos de Conversa", level: 1 }).waitFor();

  // 0. A file that is not a flow is refused before sending; one that breaks the format is
  //    refused by the server with its problems listed.
  const file = (text) => ({ name: "x.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await upload().getByLabel("Arquivo do fluxo (.json)").setInputFiles(file("[1, 2]"));
  await upload().getByRole("button", { name: "Enviar" }).click();
  await upload().getByRole("alert").filter({ hasText: "O arquivo não contém um fluxo" }).waitFor();
  await upload().getByLabel("Arquivo do fluxo (.json)").setInputFiles(file('{"formatVersion": "1.0.0", "nodes": []}'));
  await upload().getByRole("button", { name: "Enviar" }).click();
  await upload().getByRole("alert").filter({ hasText: "O servidor recusou o arquivo" }).waitFor();
  await upload().getByTestId("flow-issue").filter({ hasText: "não segue o formato" }).first().waitFor();

  // 1. The broken file, as a new flow: the error names the node's edge field; publishing is blocked.
  await upload().getByLabel("Arquivo do fluxo (.json)").setInputFiles(flowFile("fantasma"));
  await upload().getByLabel("Enviar como").selectOption({ label: "Novo fluxo" });
  await upload().getByRole("button", { name: "Enviar" }).click();
  await flowRow().waitFor();
  const detail = flowRow().getByTestId("flow-detail");
  const issues = detail.getByTestId("flow-issues");
  await issues.waitFor();
  const error = issues.getByTestId("flow-issue").filter({ hasText: "fantasma" });
  await error.waitFor();
  assert.match(await error.innerText(), /Erro/i);
  assert.match(await error.innerText(), /\/edges\/0\/to/, "the field is named by its JSON pointer");
  const group = issues.getByTestId("flow-issue-group").filter({ hasText: "fantasma" });
  assert.match(await group.getByRole("heading").innerText(), /Nó "oi"/);
  const publish = detail.getByRole("button", { name: "Publicar", exact: true });
  assert.equal(await publish.isDisabled(), true, "a draft with errors cannot be published");
  await detail.getByText("Corrija os erros para publicar.").waitFor();
  await flowRow().getByText("Rascunho", { exact: true }).waitFor();
  await assertNoSeriousViolations(page, "flows page with validation errors");

  // 2. The fixed file as the new draft of that flow: no problems left, "Validar" agrees.
  await upload().getByLabel("Arquivo do fluxo (.json)").setInputFiles(flowFile("fim"));
  await upload().getByLabel("Enviar como").selectOption({ label: `Novo rascunho de "${FLOW_NAME}"` });
  await upload().getByRole("button", { name: "Enviar" }).click();
  await detail.getByText("Nenhum problema encontrado: o rascunho pode ser publicado.").waitFor();
  await detail.getByRole("button", { name: "Validar" }).click();
  await detail.getByText("Nenhum problema encontrado: o rascunho pode ser publicado.").waitFor();
  assert.equal(await publish.isDisabled(), false);
  const flows = (await admin.get("/api/v1/flows")).items.filter((f) => f.name === FLOW_NAME);
  assert.equal(flows.length, 1, "the fixed file replaced the draft rather than creating a flow");

  // 3. Published with a note: the revision lists who, when and the note.
  await publish.click();
  const dialog = page.getByTestId("publish-dialog");
  await dialog.getByLabel("Nota da publicação").fill("Corrige a ligação para o fim");
  await dialog.getByRole("button", { name: "Publicar", exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  const revision = detail.getByTestId("flow-revision");
  await revision.filter({ hasText: "Corrige a ligação para o fim" }).waitFor();
  assert.match(await revision.first().innerText(), /Revisão 1/);
  assert.match(await revision.first().innerText(), new RegExp(`por ${admin.me.user.name}`));
  await flowRow().getByText("Publicado · Revisão 1").waitFor();

  // 4. The initial flow, with the chatbot on.
  const settings = page.getByTestId("flow-settings");
  await settings.getByLabel("Chatbot ligado").check();
  await settings.getByLabel("Fluxo inicial").selectOption({ label: FLOW_NAME });
  await settings.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Configurações de fluxo salvas.").waitFor();
  const saved = await admin.get("/api/v1/flow-settings");
  assert.equal(saved.chatbot_enabled, true);
  assert.equal(saved.initial_flow_id, flows[0].id);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "flows-page.png"), fullPage: true });

  // 5. A new contact writes through the simulator and meets the flow's first message.
  await simulatorSay(server.simulatorUrl, PHONE, "Nina Nova", "Oi, boa tarde");
  await eventually(async () => assert.ok((await contactSees(PHONE)).includes(GREETING), "the contact got the greeting"));

  // 6. The export downloads the published document.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    revision.first().getByRole("button", { name: "Exportar revisão 1" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "boas-vindas-do-teste-r1.json");
  const exported = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.equal(exported.name, FLOW_NAME);
  assert.equal(exported.entry, "oi");
  assert.deepEqual(exported.edges.map((e) => e.to), ["fim"]);

  // 7. "Excluir fluxo" after a "Sim": another flow, uploaded through the API, leaves the list.
  const spare = await admin.post("/api/v1/flows", { ...JSON.parse(flowFile("fim").buffer.toString()), name: "Fluxo descartável" });
  await page.reload();
  const spareRow = page.getByTestId("flow-row").filter({ has: page.getByRole("heading", { name: "Fluxo descartável" }) });
  await spareRow.getByRole("button", { name: "Ver detalhes" }).click();
  await spareRow.getByRole("button", { name: "Excluir fluxo" }).click();
  const confirm = page.getByRole("dialog").filter({ hasText: 'Tem certeza que deseja excluir o fluxo "Fluxo descartável"?' });
  await confirm.getByRole("button", { name: "Sim", exact: true }).click();
  await spareRow.waitFor({ state: "detached" });
  const left = (await admin.get("/api/v1/flows")).items.map((f) => f.id);
  assert.ok(!left.includes(spare.flow.id), "the flow is gone");
});

journey("an agent sees that only administrators manage flows", async () => {
  await admin.post("/api/v1/users", {
    name: "Alice Agente",
    email: "alice.fluxos@atende.local",
    password: "senha-da-alice",
    role: "agent",
    chat_visibility: "all",
  });
  const agentContext = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 } });
  agentContext.setDefaultTimeout(WAIT);
  try {
    const agentPage = await agentContext.newPage();
    await signIn(agentPage, server, { email: "alice.fluxos@atende.local", password: "senha-da-alice" });
    await agentPage.goto(`${server.url}/admin/flows`);
    await agentPage.getByText("Apenas administradores gerenciam os fluxos de conversa.").waitFor();
    assert.equal(await agentPage.getByTestId("flow-upload").count(), 0);
  } finally {
    await agentContext.close();
  }
});
