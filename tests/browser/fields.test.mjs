// "Campos customizáveis" and "Campos no encerramento" (issue 14 part 1, A4, K5) in a real
// browser: both are on "Configurações"; the admin creates a list field "Plano" with its options
// and a text field, the server's refusals (a system key, a list without options) land under
// their fields, a field is deleted after a "Sim"; "Plano" is chosen as a required closing field
// and a text field as an optional one, moved above it, and saved (checked through the API); then
// closing a simulator contact's service asks for "Plano", refuses to close without it, and
// closes with it, storing the choice on the contact. Agents are told both pages are for admins.
// Last, "Editar": Plano renamed and given an option (a repeated option refused on its field first).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Api, simulatorSay } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 90_000;
const DEMO_AGENT = { email: "agente@atende.local", password: "atende-demo" };
const PAULA = { name: "Paula Plano", phone: "5521955557001" };

let server;
let browser;
let admin;
let context;
let page;
const pages = {};
const extraContexts = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(WAIT);
  page = await context.newPage();
  pages.admin = page;
  await signIn(page, server);
}, { timeout: TEST_TIMEOUT });

after(async () => {
  for (const c of extraContexts) await c.close().catch(() => undefined);
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

const journey = (name, fn) => test(name, { timeout: TEST_TIMEOUT }, () => withScreenshots(name, () => pages, fn));

/** The error text a Field shows under the control labelled `label`, once the control is invalid. */
async function fieldError(scope, label) {
  const control = scope.getByLabel(label, { exact: true });
  await eventually(async () => assert.equal(await control.getAttribute("aria-invalid"), "true", `${label} is not marked invalid`));
  const id = (await control.getAttribute("aria-describedby")).split(" ").find((x) => x.endsWith("-error"));
  return scope.locator(`[id="${id}"]`).innerText();
}

const fieldRow = (key) => page.locator(`[data-testid=custom-field][data-key="${key}"]`);
const choice = (key) => page.locator(`[data-testid=closing-choice][data-key="${key}"]`);

journey("A4: Campos customizáveis — list and text fields created, the server's refusals on their fields, a delete", async () => {
  await page.goto(`${server.url}/admin`);
  const nav = page.getByRole("navigation", { name: "Configurações" });
  await nav.getByRole("link", { name: /^Campos no encerramento/ }).waitFor();
  await nav.getByRole("link", { name: /^Campos customizáveis/ }).click();
  await page.getByRole("heading", { name: "Campos customizáveis" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/custom-fields");
  await page.getByText("Nenhum campo customizável cadastrado.").waitFor();

  const form = page.getByTestId("custom-field-create");
  // A list field "Plano": the key follows the label; the options, one per line.
  await form.getByLabel("Nome do campo").fill("Plano");
  assert.equal(await form.getByLabel("Chave (variável)").inputValue(), "plano");
  await form.getByLabel("Tipo").selectOption("list");
  // Without options the server refuses it, on the options' field.
  await form.getByRole("button", { name: "Adicionar campo" }).click();
  assert.match(await fieldError(form, "Opções da lista"), /Um campo de lista precisa de opções/);
  await form.getByLabel("Opções da lista").fill("Básico\nPremium\n\nEmpresarial");
  await form.getByRole("button", { name: "Adicionar campo" }).click();
  await fieldRow("plano").waitFor();
  assert.match(await fieldRow("plano").innerText(), /Plano\s+\{plano\}\s+Lista\s+Básico, Premium, Empresarial/);
  assert.equal(await form.getByLabel("Nome do campo").inputValue(), "", "the form is emptied");

  // A text field whose label has accents and spaces: the key is suggested without them.
  await form.getByLabel("Nome do campo").fill("Observação do atendimento");
  assert.equal(await form.getByLabel("Chave (variável)").inputValue(), "observacao_do_atendimento");
  await form.getByLabel("Chave (variável)").fill("observacao");
  await form.getByRole("button", { name: "Adicionar campo" }).click();
  await fieldRow("observacao").waitFor();
  assert.match(await fieldRow("observacao").innerText(), /Texto/);

  // A system field's key and a taken key are refused on the key's field.
  await form.getByLabel("Nome do campo").fill("Nome");
  await form.getByRole("button", { name: "Adicionar campo" }).click();
  assert.match(await fieldError(form, "Chave (variável)"), /'nome' é um campo de sistema; escolha outra chave/);
  await form.getByLabel("Chave (variável)").fill("plano");
  assert.equal(await form.getByLabel("Chave (variável)").getAttribute("aria-invalid"), null, "typing clears the message");
  await form.getByRole("button", { name: "Adicionar campo" }).click();
  assert.match(await fieldError(form, "Chave (variável)"), /Já existe um campo com a chave 'plano'/);
  await form.getByLabel("Chave (variável)").fill("Com Espaço");
  await form.getByRole("button", { name: "Adicionar campo" }).click();
  assert.match(await fieldError(form, "Chave (variável)"), /Chave 'Com Espaço' inválida/);

  // An image field, then a throwaway field deleted after a "Sim".
  await form.getByLabel("Nome do campo").fill("Foto");
  await form.getByLabel("Chave (variável)").fill("foto");
  await form.getByLabel("Tipo").selectOption("image");
  await form.getByRole("button", { name: "Adicionar campo" }).click();
  await fieldRow("foto").getByText("Imagem").waitFor();
  await form.getByLabel("Nome do campo").fill("Temporário");
  await form.getByLabel("Tipo").selectOption("date");
  await form.getByRole("button", { name: "Adicionar campo" }).click();
  await fieldRow("temporario").getByText("Data").waitFor();
  await assertNoSeriousViolations(page, "Campos customizáveis");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "admin-custom-fields.png"), fullPage: true });
  await fieldRow("temporario").getByRole("button", { name: "Excluir Temporário" }).click();
  const box = page.getByRole("dialog").filter({ hasText: "Tem certeza que deseja excluir o campo Temporário?" });
  await box.getByRole("button", { name: "Sim", exact: true }).click();
  await box.waitFor({ state: "detached" });
  await fieldRow("temporario").waitFor({ state: "detached" });

  const saved = (await admin.get("/api/v1/custom-fields")).items;
  assert.deepEqual(
    saved.map((f) => [f.key, f.kind, f.options]),
    [
      ["foto", "image", []],
      ["observacao", "text", []],
      ["plano", "list", ["Básico", "Premium", "Empresarial"]],
    ],
  );
});

journey("K5: Campos no encerramento — Plano required, Observação optional and first, saved with PUT", async () => {
  await page.goto(`${server.url}/admin/closing-fields`);
  await page.getByRole("heading", { name: "Campos no encerramento" }).waitFor();
  await page.getByTestId("closing-none").waitFor();
  const picker = page.getByLabel("Campo a pedir");
  // Images cannot be asked for at close: not offered.
  const offered = await picker.locator("option").allInnerTexts();
  assert.deepEqual(offered.slice(1), ["Observação do atendimento", "Plano"]);
  assert.equal(await page.getByRole("button", { name: "Salvar" }).isDisabled(), true, "nothing to save yet");

  await picker.selectOption({ label: "Plano" });
  await page.getByRole("button", { name: "Adicionar ao encerramento" }).click();
  await choice("plano").getByRole("radio", { name: "Obrigatório" }).check();
  await picker.selectOption({ label: "Observação do atendimento" });
  await page.getByRole("button", { name: "Adicionar ao encerramento" }).click();
  assert.equal(await choice("observacao").getByRole("radio", { name: "Opcional" }).isChecked(), true, "optional at first");
  assert.equal(await picker.count(), 0, "nothing left to add");
  await choice("observacao").getByRole("button", { name: "Subir Observação do atendimento" }).click();
  assert.deepEqual(await page.getByTestId("closing-choice").evaluateAll((els) => els.map((e) => e.dataset.key)), ["observacao", "plano"]);
  await assertNoSeriousViolations(page, "Campos no encerramento");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "admin-closing-fields.png"), fullPage: true });
  await page.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Campos no encerramento salvos.").waitFor();
  await eventually(async () => assert.equal(await page.getByRole("button", { name: "Salvar" }).isDisabled(), true));

  const closing = (await admin.get("/api/v1/closing-fields")).items;
  assert.deepEqual(
    closing.map((c) => [c.field.key, c.required]),
    [
      ["observacao", false],
      ["plano", true],
    ],
  );

  // After a reload the page shows what the server keeps.
  await page.reload();
  await choice("plano").waitFor();
  assert.equal(await choice("plano").getByRole("radio", { name: "Obrigatório" }).isChecked(), true);
  assert.deepEqual(await page.getByTestId("closing-choice").evaluateAll((els) => els.map((e) => e.dataset.key)), ["observacao", "plano"]);
});

journey("K5 in the chat: closing a service asks for Plano and refuses to close without it", async () => {
  await simulatorSay(server.simulatorUrl, PAULA.phone, PAULA.name, "Quero mudar meu plano");
  const chat = await admin.conversationByPhone(PAULA.phone);
  await page.goto(`${server.url}/chat/${chat.id}`);
  const header = page.locator(".pane-header");
  await header.filter({ hasText: PAULA.name }).waitFor();
  await header.getByRole("button", { name: "Encerrar atendimento" }).click();
  const close = page.getByTestId("close-dialog");
  await close.getByLabel("Observação do atendimento (opcional)").waitFor();
  const plano = close.getByLabel("Plano *");
  assert.deepEqual((await plano.locator("option").allInnerTexts()).slice(1), ["Básico", "Premium", "Empresarial"]);
  await close.getByRole("button", { name: "Encerrar" }).click();
  await close.locator(".closing-field[data-field=plano]").getByText("Preencha este campo.").waitFor();
  assert.equal((await admin.get(`/api/v1/conversations/${chat.id}`)).state, "open", "the service is still open");
  await plano.selectOption("Premium");
  await close.getByRole("button", { name: "Encerrar" }).click();
  await close.waitFor({ state: "detached" });
  await header.getByText("Encerrado").waitFor();
  assert.equal((await admin.get(`/api/v1/conversations/${chat.id}`)).state, "closed", "the service is closed");
  const contact = await admin.get(`/api/v1/contacts/${chat.contact.id}`);
  assert.equal(contact.custom_fields.plano, "Premium");
});

journey("A4: an agent is told both pages are for admins", async () => {
  const ctx = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 800 } });
  ctx.setDefaultTimeout(WAIT);
  extraContexts.push(ctx);
  const agent = await ctx.newPage();
  pages.agent = agent;
  await signIn(agent, server, DEMO_AGENT);
  for (const path of ["/admin/custom-fields", "/admin/closing-fields"]) {
    await agent.goto(`${server.url}${path}`);
    await agent.getByTestId("admin-only").getByText("Esta área é apenas para administradores.").waitFor();
    assert.equal(await agent.getByRole("button", { name: /Adicionar|Salvar/ }).count(), 0, `${path} offers nothing to an agent`);
  }
});

journey("A4: Editar — Plano renamed and given an option (key and type kept); a repeated option refused on its field", async () => {
  await page.goto(`${server.url}/admin/custom-fields`);
  await fieldRow("plano").waitFor();
  await fieldRow("plano").getByRole("button", { name: "Editar Plano" }).click();
  const dialog = page.getByRole("dialog", { name: "Editar Plano" });
  await dialog.getByText("{plano}").waitFor();
  assert.equal(await dialog.getByLabel("Nome do campo", { exact: true }).inputValue(), "Plano");
  assert.equal(await dialog.getByLabel("Opções da lista", { exact: true }).inputValue(), "Básico\nPremium\nEmpresarial");
  assert.equal(await dialog.getByLabel("Chave (variável)").count(), 0, "the key cannot be edited");

  // A repeated option: the server refuses it, on the options' field; nothing changes.
  await dialog.getByLabel("Nome do campo", { exact: true }).fill("Plano contratado");
  await dialog.getByLabel("Opções da lista", { exact: true }).fill("Básico\nPremium\nEmpresarial\nPremium");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  assert.match(await fieldError(dialog, "Opções da lista"), /As opções da lista não podem se repetir/);
  assert.equal((await admin.get("/api/v1/custom-fields")).items.find((f) => f.key === "plano").label, "Plano", "nothing saved");
  await assertNoSeriousViolations(page, "Editar campo customizável");

  await dialog.getByLabel("Opções da lista", { exact: true }).fill("Básico\nPremium\nEmpresarial\nFamília");
  assert.equal(await dialog.getByLabel("Opções da lista", { exact: true }).getAttribute("aria-invalid"), null, "typing clears the message");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByText("Campo Plano contratado salvo.").waitFor();
  assert.match(await fieldRow("plano").innerText(), /Plano contratado\s+\{plano\}\s+Lista\s+Básico, Premium, Empresarial, Família/);

  const plano = (await admin.get("/api/v1/custom-fields")).items.find((f) => f.key === "plano");
  assert.deepEqual([plano.label, plano.kind, plano.options], ["Plano contratado", "list", ["Básico", "Premium", "Empresarial", "Família"]]);
  const closing = (await admin.get("/api/v1/closing-fields")).items.find((c) => c.field.key === "plano");
  assert.equal(closing.field.label, "Plano contratado", "the closing field follows the rename");
});
