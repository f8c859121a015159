// The admin screens of issue 14 part 1 (A3, A4) in a real browser: "Configurações" from the user
// menu (admins only; an agent opening the URL is told so), the journey "configure a department
// and an agent who then sees only its chats" (department created, agent created with "Chats do
// departamento", made a member, a contact's chat forwarded there, the agent signed in in a
// fresh context seeing it and not a chat of another department), the server's refusals shown on
// the fields (a short password, a taken e-mail, a taken name), the users' edit / reset password
// / deactivate / reactivate, and tags created, renamed, marked "Apenas automação" and deleted.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Api, simulatorSay } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, row, rowNames, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 90_000;
const DEMO_AGENT = { email: "agente@atende.local", password: "atende-demo" };
const FABIANA = { name: "Fabiana Financeiro", email: "fabiana@atende.local", password: "senha-forte-1" };

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

/** A page in a fresh browser context (its own cookies), signed in as `who`. */
async function signedInAs(who, label) {
  const ctx = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 800 } });
  ctx.setDefaultTimeout(WAIT);
  extraContexts.push(ctx);
  const p = await ctx.newPage();
  pages[label] = p;
  await signIn(p, server, who);
  return p;
}

/** The error text a Field shows under the control labelled `label`, once the control is invalid. */
async function fieldError(scope, label) {
  const control = scope.getByLabel(label, { exact: true });
  await eventually(async () => assert.equal(await control.getAttribute("aria-invalid"), "true", `${label} is not marked invalid`));
  const id = (await control.getAttribute("aria-describedby")).split(" ").find((x) => x.endsWith("-error"));
  return scope.locator(`[id="${id}"]`).innerText();
}

async function answerYes(question) {
  const box = page.getByRole("dialog").filter({ hasText: question });
  await box.waitFor();
  await box.getByRole("button", { name: "Sim", exact: true }).click();
  await box.waitFor({ state: "detached" });
}

journey("A4: Configurações is in the admin's user menu and lists the admin screens; an agent is told it is for admins", async () => {
  await page.getByTestId("user-name").click();
  await page.getByRole("menuitem", { name: "Configurações" }).click();
  await page.getByRole("heading", { name: "Configurações" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin");
  const nav = page.getByRole("navigation", { name: "Configurações" });
  for (const name of ["Departamentos", "Usuários", "Etiquetas", "Respostas Rápidas", "Biblioteca de Mídias", "Fluxos"]) {
    await nav.getByRole("link", { name: new RegExp(`^${name}`) }).waitFor();
  }
  assert.equal(await nav.getByRole("link", { name: /^Fluxos/ }).getAttribute("href"), "/admin/flows");
  await assertNoSeriousViolations(page, "Configurações");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "admin-home.png"), fullPage: true });
  await nav.getByRole("link", { name: /^Usuários/ }).click();
  await page.getByRole("heading", { name: "Usuários" }).waitFor();
  await page.getByRole("link", { name: /Configurações/ }).click();
  await page.getByRole("heading", { name: "Configurações" }).waitFor();

  const agent = await signedInAs(DEMO_AGENT, "agent");
  await agent.getByTestId("user-name").click();
  await agent.getByRole("menuitem", { name: "Meu Perfil" }).waitFor();
  assert.equal(await agent.getByRole("menuitem", { name: "Configurações" }).count(), 0, "no Configurações for an agent");
  await agent.keyboard.press("Escape");
  for (const path of ["/admin", "/admin/users", "/admin/departments", "/admin/tags"]) {
    await agent.goto(`${server.url}${path}`);
    await agent.getByTestId("admin-only").getByText("Esta área é apenas para administradores.").waitFor();
    assert.equal(await agent.getByRole("button", { name: /Adicionar/ }).count(), 0, `${path} offers nothing to an agent`);
  }
});

journey("A3, A4: a department and an agent with 'Chats do departamento' who then sees only its chats", async () => {
  // The department, and the server's refusal of a second one with the same name on the field.
  await page.goto(`${server.url}/admin/departments`);
  await page.getByRole("heading", { name: "Departamentos" }).waitFor();
  const create = page.getByTestId("department-create");
  await create.getByLabel("Nome do departamento").fill("Financeiro");
  await create.getByRole("button", { name: "Adicionar departamento" }).click();
  const financeiro = page.getByTestId("department").filter({ hasText: "Financeiro" });
  await financeiro.getByText("Nenhum membro.").waitFor();
  assert.equal(await create.getByLabel("Nome do departamento").inputValue(), "", "the form is emptied");
  await create.getByLabel("Nome do departamento").fill("Financeiro");
  await create.getByRole("button", { name: "Adicionar departamento" }).click();
  assert.match(await fieldError(create, "Nome do departamento"), /Já existe um departamento chamado Financeiro/);
  await create.getByLabel("Nome do departamento").fill("");

  // The agent: a short password and a taken e-mail are refused on their fields.
  await page.goto(`${server.url}/admin/users`);
  await page.getByRole("heading", { name: "Usuários" }).waitFor();
  await page.getByRole("button", { name: "Adicionar usuário" }).click();
  const dialog = page.getByTestId("user-dialog");
  await dialog.getByLabel("Nome", { exact: true }).fill(FABIANA.name);
  await dialog.getByLabel("E-mail", { exact: true }).fill(DEMO_AGENT.email);
  await dialog.getByLabel("Senha", { exact: true }).fill("curta");
  await dialog.getByRole("radio", { name: "Agente" }).check();
  await dialog.getByRole("radio", { name: "Chats do departamento" }).check();
  for (const option of ["Todos os chats", "Somente os seus chats"]) await dialog.getByRole("radio", { name: option }).waitFor();
  await dialog.getByRole("checkbox", { name: "Observações do contato" }).waitFor();
  await dialog.getByRole("checkbox", { name: "Código de Suporte" }).waitFor();
  await page.getByRole("button", { name: "Criar usuário" }).click();
  assert.match(await fieldError(dialog, "Senha"), /A senha precisa ter pelo menos 8 caracteres/);
  await dialog.getByLabel("Senha", { exact: true }).fill(FABIANA.password);
  await page.getByRole("button", { name: "Criar usuário" }).click();
  assert.match(await fieldError(dialog, "E-mail"), /Já existe um usuário com o e-mail agente@atende.local/);
  assert.equal(await dialog.getByLabel("E-mail", { exact: true }).evaluate((el) => el === document.activeElement), true, "the refused field has the focus");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "admin-user-error.png") });
  assert.equal(await dialog.getByLabel("Senha", { exact: true }).getAttribute("aria-invalid"), null, "the password is fine now");
  await dialog.getByLabel("E-mail", { exact: true }).fill(FABIANA.email);
  await page.getByRole("button", { name: "Criar usuário" }).click();
  await dialog.waitFor({ state: "detached" });
  const fabianaRow = page.getByTestId("user-row").filter({ hasText: FABIANA.name });
  await fabianaRow.getByText("Chats do departamento").waitFor();
  await fabianaRow.getByText("Agente", { exact: true }).waitFor();

  // Made a member of Financeiro.
  await page.goto(`${server.url}/admin/departments`);
  await page.getByRole("button", { name: "Membros de Financeiro" }).click();
  const members = page.getByTestId("members-dialog");
  await members.getByRole("checkbox", { name: new RegExp(FABIANA.name) }).check();
  await members.getByRole("button", { name: "Salvar" }).click();
  await members.waitFor({ state: "detached" });
  await financeiro.getByTestId("department-members").getByText(FABIANA.name).waitFor();
  await assertNoSeriousViolations(page, "Departamentos");
  await page.goto(`${server.url}/admin/users`);
  await page.getByTestId("user-row").filter({ hasText: FABIANA.name }).getByRole("cell", { name: "Financeiro", exact: true }).waitFor();
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "admin-users.png"), fullPage: true });
  await assertNoSeriousViolations(page, "Usuários");

  // One contact's chat goes to Financeiro, another's to Suporte.
  const departments = (await admin.get("/api/v1/departments")).items;
  const id = (name) => departments.find((d) => d.name === name).id;
  await simulatorSay(server.simulatorUrl, "5521933330001", "Flávia Fatura", "Minha fatura veio errada");
  await simulatorSay(server.simulatorUrl, "5521933330002", "Sérgio Suporte", "Meu app travou");
  const fatura = await admin.conversationByPhone("5521933330001");
  const suporte = await admin.conversationByPhone("5521933330002");
  await admin.post(`/api/v1/conversations/${fatura.id}/forward`, { department_id: id("Financeiro") });
  await admin.post(`/api/v1/conversations/${suporte.id}/forward`, { department_id: id("Suporte") });

  // The agent sees Financeiro's chat and not Suporte's.
  const agent = await signedInAs(FABIANA, "fabiana");
  await row(agent, "Flávia Fatura").waitFor();
  await eventually(async () => {
    const names = await rowNames(agent);
    assert.ok(names.includes("Flávia Fatura"), `Financeiro's chat is listed: ${names}`);
    assert.ok(!names.includes("Sérgio Suporte"), `Suporte's chat is not listed: ${names}`);
  });
  await agent.goto(`${server.url}/chat/${suporte.id}`);
  await agent.waitForTimeout(500);
  assert.equal(await agent.locator(".pane-header", { hasText: "Sérgio Suporte" }).count(), 0, "Suporte's chat does not open");
  await agent.screenshot({ path: join(ARTIFACTS, "admin-agent-list.png") });
});

journey("A4: users are edited, get a new password, are deactivated and reactivated, and change e-mail", async () => {
  await page.goto(`${server.url}/admin/users`);
  const fabianaRow = page.getByTestId("user-row").filter({ hasText: FABIANA.name });
  await fabianaRow.waitFor();

  await page.getByRole("button", { name: `Editar ${FABIANA.name}` }).click();
  const dialog = page.getByTestId("user-dialog");
  assert.equal(await dialog.getByLabel("Senha", { exact: true }).count(), 0, "no password on edit");
  await dialog.getByRole("radio", { name: "Somente os seus chats" }).check();
  await dialog.getByRole("checkbox", { name: "Código de Suporte" }).check();
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await dialog.waitFor({ state: "detached" });
  await fabianaRow.getByText("Somente os seus chats").waitFor();
  const saved = (await admin.get("/api/v1/users")).items.find((u) => u.email === FABIANA.email);
  assert.equal(saved.chat_visibility, "own");
  assert.equal(saved.permissions.support_code, true);

  // A new password: too short is refused on the field, then the new one signs in.
  await page.getByRole("button", { name: `Redefinir a senha de ${FABIANA.name}` }).click();
  const pw = page.getByTestId("password-dialog");
  await pw.getByLabel("Nova senha").fill("1234");
  await pw.getByRole("button", { name: "Redefinir senha" }).click();
  assert.match(await fieldError(pw, "Nova senha"), /pelo menos 8 caracteres/);
  await pw.getByLabel("Nova senha").fill("outra-senha-2");
  await pw.getByRole("button", { name: "Redefinir senha" }).click();
  await pw.waitFor({ state: "detached" });
  await Api.login(server.url, FABIANA.email, "outra-senha-2");
  await assert.rejects(Api.login(server.url, FABIANA.email, FABIANA.password), /401/);

  // Deactivated after a "Sim": she cannot sign in; reactivated: she can.
  await page.getByRole("button", { name: `Desativar ${FABIANA.name}` }).click();
  await answerYes(`Tem certeza que deseja desativar ${FABIANA.name}?`);
  await page.getByRole("button", { name: `Reativar ${FABIANA.name}` }).waitFor();
  await assert.rejects(Api.login(server.url, FABIANA.email, "outra-senha-2"));
  await page.getByRole("button", { name: `Reativar ${FABIANA.name}` }).click();
  await page.getByRole("button", { name: `Desativar ${FABIANA.name}` }).waitFor();
  await Api.login(server.url, FABIANA.email, "outra-senha-2");
  // Nobody deactivates themselves here.
  assert.equal(await page.getByRole("button", { name: "Desativar Ana Demo" }).count(), 0);

  // A new login e-mail: another user's is refused on the field; a new one signs in.
  await page.getByRole("button", { name: `Editar ${FABIANA.name}` }).click();
  const edit = page.getByTestId("user-dialog");
  await edit.getByLabel("E-mail", { exact: true }).fill("demo@atende.local");
  await edit.getByRole("button", { name: "Salvar" }).click();
  assert.match(await fieldError(edit, "E-mail"), /Já existe um usuário com o e-mail/);
  await edit.getByLabel("E-mail", { exact: true }).fill("fabiana.financeiro@atende.local");
  await edit.getByRole("button", { name: "Salvar" }).click();
  await edit.waitFor({ state: "detached" });
  await Api.login(server.url, "fabiana.financeiro@atende.local", "outra-senha-2");
});

journey("A4: tags are created, renamed, marked 'Apenas automação' and deleted; a taken name is refused on the field", async () => {
  await page.goto(`${server.url}/admin/tags`);
  await page.getByRole("heading", { name: "Etiquetas" }).waitFor();
  const create = page.getByTestId("tag-create");
  const tag = (name) => page.getByTestId("tag").filter({ has: page.getByText(name, { exact: true }) });

  await create.getByLabel("Nome da etiqueta").fill("VIP");
  await create.getByRole("button", { name: "Adicionar etiqueta" }).click();
  await tag("VIP").waitFor();
  await create.getByLabel("Nome da etiqueta").fill("Robô");
  await create.getByRole("checkbox", { name: "Apenas automação" }).check();
  await create.getByRole("button", { name: "Adicionar etiqueta" }).click();
  await tag("Robô").getByText("Apenas automação").waitFor();
  assert.equal(await tag("VIP").getByText("Apenas automação").count(), 0);
  const byName = async () => Object.fromEntries((await admin.get("/api/v1/tags")).items.map((t) => [t.name, t.automation_only]));
  assert.deepEqual(await byName(), { "Robô": true, VIP: false });

  // Renamed in place.
  await page.getByRole("button", { name: "Editar VIP" }).click();
  let form = page.getByTestId("tag").filter({ has: page.getByLabel("Nome da etiqueta") });
  await form.getByLabel("Nome da etiqueta").fill("Cliente VIP");
  await form.getByRole("button", { name: "Salvar" }).click();
  await tag("Cliente VIP").waitFor();

  // A taken name is refused under the field; Esc leaves the edit.
  await page.getByRole("button", { name: "Editar Robô" }).click();
  form = page.getByTestId("tag").filter({ has: page.getByLabel("Nome da etiqueta") });
  await form.getByLabel("Nome da etiqueta").fill("Cliente VIP");
  await form.getByRole("checkbox", { name: "Apenas automação" }).uncheck();
  await form.getByRole("button", { name: "Salvar" }).click();
  assert.match(await fieldError(form, "Nome da etiqueta"), /Já existe uma etiqueta chamada 'Cliente VIP'/);
  await form.getByLabel("Nome da etiqueta").press("Escape");
  await tag("Robô").getByText("Apenas automação").waitFor();
  assert.deepEqual(await byName(), { "Cliente VIP": false, "Robô": true });
  await assertNoSeriousViolations(page, "Etiquetas");

  // Deleted after a "Sim".
  await page.getByRole("button", { name: "Excluir Cliente VIP" }).click();
  await answerYes("Tem certeza que deseja excluir a etiqueta Cliente VIP?");
  await tag("Cliente VIP").waitFor({ state: "detached" });
  assert.deepEqual(await byName(), { "Robô": true });
  await page.screenshot({ path: join(ARTIFACTS, "admin-tags.png"), fullPage: true });
});

journey("A4: departments are renamed (a taken name refused on the field, Esc cancels) and deleted; the pages speak English too", async () => {
  await page.goto(`${server.url}/admin/departments`);
  const create = page.getByTestId("department-create");
  const department = (name) => page.getByTestId("department").filter({ has: page.getByText(name, { exact: true }) });
  await create.getByLabel("Nome do departamento").fill("Temporário");
  await create.getByRole("button", { name: "Adicionar departamento" }).click();
  await department("Temporário").waitFor();

  await page.getByRole("button", { name: "Renomear Temporário" }).click();
  let form = page.getByTestId("department").filter({ has: page.getByLabel("Nome do departamento") });
  await form.getByLabel("Nome do departamento").fill("Financeiro");
  await form.getByRole("button", { name: "Salvar" }).click();
  assert.match(await fieldError(form, "Nome do departamento"), /Já existe um departamento chamado Financeiro/);
  await form.getByLabel("Nome do departamento").press("Escape");
  await department("Temporário").waitFor();

  await page.getByRole("button", { name: "Renomear Temporário" }).click();
  form = page.getByTestId("department").filter({ has: page.getByLabel("Nome do departamento") });
  await form.getByLabel("Nome do departamento").fill("Cobrança");
  await form.getByLabel("Nome do departamento").press("Enter");
  await department("Cobrança").waitFor();
  assert.ok((await admin.get("/api/v1/departments")).items.some((d) => d.name === "Cobrança"));

  await page.getByRole("button", { name: "Excluir Cobrança" }).click();
  await answerYes("Tem certeza que deseja excluir o departamento Cobrança?");
  await department("Cobrança").waitFor({ state: "detached" });
  assert.ok(!(await admin.get("/api/v1/departments")).items.some((d) => d.name === "Cobrança"));

  await page.getByRole("button", { name: "EN", exact: true }).click();
  await page.getByRole("heading", { name: "Departments" }).waitFor();
  await page.getByRole("button", { name: "Add department" }).waitFor();
  await page.goto(`${server.url}/admin`);
  await page.getByRole("heading", { name: "Settings" }).waitFor();
  await page.getByRole("link", { name: /^Users/ }).waitFor();
  await page.getByRole("button", { name: "PT", exact: true }).click();
  await page.getByRole("heading", { name: "Configurações" }).waitFor();
});
