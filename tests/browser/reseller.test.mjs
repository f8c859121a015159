// The reseller console (/revenda, A1, A2) in a real browser, in Portuguese, as the demo account's
// reseller (revenda@atende.local): a wrong password refused with the server's message; the demo
// account listed with its usage (its contacts as the agent API counts them); "Nova conta" opens
// "Padaria Pão Quente" with its admin Paulo, who then signs in to the agent app, and a taken
// e-mail is refused under its field; "Suspender" after a "Sim": "Suspensa desde …", Paulo's login
// refused with the server's "Esta conta está suspensa…" on the agent login page, "Reativar" and
// he signs in again; "Verificar código de suporte" names Demo for the demo admin's current code
// and says "Nenhuma…" for a wrong one (and, once the server gives the new account a code,
// names "Padaria Pão Quente" for Paulo's); the console's cookie opens no agent API (401). Axe on
// the login form, the console and its dialogs; screenshots in artifacts/.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Api } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 120_000;
const RESELLER = { email: "revenda@atende.local", password: "atende-demo" };
const PADARIA = "Padaria Pão Quente";
const PAULO = { name: "Paulo", email: "paulo@padaria.local", password: "pao-quente-2026" };
const SUSPENDED = "Esta conta está suspensa. Fale com a sua revenda.";

let server;
let browser;
let demoAdmin;
let context;
let page;
const pages = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  demoAdmin = await Api.login(server.url, server.email, server.password);
  // A contact in the demo account, so its usage figure is not just zero.
  await demoAdmin.post("/api/v1/contacts", { name: "Rosa Revenda", phone: "5521955557001" });
  // No agent session in this context: only the console's cookie, once signed in.
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(WAIT);
  page = await context.newPage();
  pages.console = page;
}, { timeout: TEST_TIMEOUT });

after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

const journey = (name, fn, options = {}) => test(name, { timeout: TEST_TIMEOUT, ...options }, () => withScreenshots(name, () => pages, fn));

/** The console's REST API from node, as the demo reseller (its own cookie and CSRF token). */
async function resellerApi() {
  const res = await fetch(`${server.url}/api/v1/reseller/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(RESELLER),
  });
  assert.equal(res.status, 200, `reseller login: ${res.status}`);
  const api = new Api(server.url);
  api.cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  api.me = await res.json();
  api.csrf = api.me.csrf_token;
  return api;
}

const accountsTable = () => page.getByRole("table", { name: "Contas" });
const accountRow = (name) => page.locator("[data-testid=account-row]", { has: page.getByRole("rowheader", { name, exact: true }) });
const cell = (name, col) => accountRow(name).locator(`td[data-col=${col}]`);

/** The error text a Field shows under the control labelled `label`, once the control is invalid. */
async function fieldError(scope, label) {
  const control = scope.getByLabel(label, { exact: true });
  await eventually(async () => assert.equal(await control.getAttribute("aria-invalid"), "true", `${label} is not marked invalid`));
  const id = (await control.getAttribute("aria-describedby")).split(" ").find((x) => x.endsWith("-error"));
  return page.locator(`[id="${id}"]`).innerText();
}

/** A screenshot for the review, the page's whole height. */
async function shot(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
}

/** Tries the agent app's login page in a fresh context; its page (the caller closes its context). */
async function agentLogin(email, password) {
  const agent = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 } });
  agent.setDefaultTimeout(WAIT);
  const agentPage = await agent.newPage();
  pages.agent = agentPage;
  await agentPage.goto(`${server.url}/login`);
  await agentPage.getByLabel("E-mail").fill(email);
  await agentPage.getByLabel("Senha").fill(password);
  await agentPage.getByRole("button", { name: "Entrar" }).click();
  return { agent, agentPage };
}

/** Types `code` in "Verificar código de suporte" and reads the answer. */
async function verify(code) {
  const section = page.getByRole("region", { name: "Verificar código de suporte" });
  await section.getByLabel("Código de suporte", { exact: true }).fill(code);
  await section.getByRole("button", { name: "Verificar", exact: true }).click();
  const verdict = page.getByTestId("support-code-verdict");
  await eventually(async () => assert.notEqual((await verdict.innerText()).trim(), ""));
  return (await verdict.innerText()).trim();
}

journey("A1: the console's login refuses a wrong password, then lists the demo account with its usage", async () => {
  // The agent login page leads here ("Sou revenda").
  await page.goto(`${server.url}/login`);
  await page.getByRole("link", { name: "Sou revenda" }).click();
  await page.getByRole("heading", { name: "Entrar no console da revenda" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/revenda", "the console has no agent login redirect");
  await assertNoSeriousViolations(page, "the console's login");

  await page.getByLabel("E-mail").fill(RESELLER.email);
  await page.getByLabel("Senha").fill("senha-errada");
  await page.getByRole("button", { name: "Entrar" }).click();
  await page.getByRole("alert").getByText("E-mail ou senha inválidos.").waitFor();
  await shot("reseller-login-error.png");

  await page.getByLabel("Senha").fill(RESELLER.password);
  await page.getByRole("button", { name: "Entrar" }).click();
  await page.getByTestId("reseller-name").getByText("Atende Demo").waitFor();
  assert.equal(await page.getByTestId("reseller-person").innerText(), "Rita Revenda");
  await page.getByRole("button", { name: "Sair" }).waitFor();

  // The demo account with its figures: the contacts as the agent API counts them, all as the console's API says.
  await accountRow("Demo").waitFor();
  const contacts = (await demoAdmin.get("/api/v1/contacts?limit=1")).total;
  assert.ok(contacts >= 1, "the demo account has the contact made in before()");
  assert.equal(await cell("Demo", "contacts").innerText(), String(contacts));
  const demo = (await (await resellerApi()).get("/api/v1/reseller/accounts")).items.find((a) => a.name === "Demo");
  assert.equal(await cell("Demo", "active_users").innerText(), String(demo.usage.active_users));
  assert.equal(await cell("Demo", "channels").innerText(), String(demo.usage.channels));
  assert.equal(await cell("Demo", "messages_30d").innerText(), demo.usage.messages_30d.toLocaleString("pt-BR"));
  assert.equal(await cell("Demo", "state").innerText(), "Ativa");
  const headers = await accountsTable().locator("thead th").allInnerTexts();
  assert.deepEqual(headers.slice(0, 6), ["Nome", "Situação", "Usuários ativos", "Canais", "Contatos", "Mensagens (30 dias)"]);

  // A reload keeps the console (its own cookie), still at /revenda.
  await page.reload();
  await accountRow("Demo").waitFor();
  await assertNoSeriousViolations(page, "the console");
  await shot("reseller-console.png");
});

journey("A1: Nova conta opens Padaria Pão Quente with its admin, who signs in to the agent app; a taken e-mail is refused", async () => {
  await page.getByRole("button", { name: "Nova conta" }).click();
  const dialog = page.getByTestId("account-dialog");
  assert.equal(await dialog.getByLabel("Fuso horário", { exact: true }).inputValue(), "America/Sao_Paulo", "São Paulo by default");

  // The demo admin's e-mail is taken: the 409's message under the e-mail.
  await dialog.getByLabel("Nome da conta", { exact: true }).fill(PADARIA);
  await dialog.getByLabel("Nome do administrador", { exact: true }).fill(PAULO.name);
  await dialog.getByLabel("E-mail do administrador", { exact: true }).fill(server.email);
  await dialog.getByLabel("Senha inicial", { exact: true }).fill(PAULO.password);
  await dialog.getByRole("button", { name: "Criar conta" }).click();
  assert.equal(await fieldError(dialog, "E-mail do administrador"), `Já existe um usuário com o e-mail ${server.email}.`);
  await assertNoSeriousViolations(page, "Nova conta with a refusal");
  await shot("reseller-new-account-error.png");

  // A short password: the server's message under "Senha inicial".
  await dialog.getByLabel("E-mail do administrador", { exact: true }).fill(PAULO.email);
  await dialog.getByLabel("Senha inicial", { exact: true }).fill("curta");
  await dialog.getByRole("button", { name: "Criar conta" }).click();
  assert.match(await fieldError(dialog, "Senha inicial"), /senha/i);

  await dialog.getByLabel("Senha inicial", { exact: true }).fill(PAULO.password);
  await dialog.getByRole("button", { name: "Criar conta" }).click();
  await dialog.waitFor({ state: "detached" });
  await accountRow(PADARIA).waitFor();
  assert.equal(await cell(PADARIA, "state").innerText(), "Ativa");
  assert.equal(await cell(PADARIA, "active_users").innerText(), "1", "its first admin");
  assert.equal(await cell(PADARIA, "contacts").innerText(), "0");

  // Paulo signs in to the agent app, in a context of his own.
  const { agent, agentPage } = await agentLogin(PAULO.email, PAULO.password);
  try {
    await agentPage.getByRole("tab", { name: /Todos os chats/ }).waitFor();
  } finally {
    await agent.close();
  }

  // The same e-mail again, for another account: refused, nothing opened.
  await page.getByRole("button", { name: "Nova conta" }).click();
  await dialog.getByLabel("Nome da conta", { exact: true }).fill("Outra Padaria");
  await dialog.getByLabel("Nome do administrador", { exact: true }).fill("Outro Paulo");
  await dialog.getByLabel("E-mail do administrador", { exact: true }).fill(PAULO.email);
  await dialog.getByLabel("Senha inicial", { exact: true }).fill(PAULO.password);
  await dialog.getByRole("button", { name: "Criar conta" }).click();
  assert.equal(await fieldError(dialog, "E-mail do administrador"), `Já existe um usuário com o e-mail ${PAULO.email}.`);
  await dialog.getByRole("button", { name: "Cancelar" }).click();
  await dialog.waitFor({ state: "detached" });
  assert.equal(await accountRow("Outra Padaria").count(), 0);
});

journey("A1: a suspended account's admin cannot sign in (the server's message on the login page); reactivated, he can", async () => {
  await accountRow(PADARIA).getByRole("button", { name: `Suspender ${PADARIA}` }).click();
  const confirm = page.getByRole("dialog").filter({ hasText: `Suspender a conta ${PADARIA}?` });
  await confirm.getByText("Os usuários desta conta não poderão entrar; as mensagens recebidas continuam sendo guardadas.").waitFor();
  await assertNoSeriousViolations(page, "the suspend question");
  await shot("reseller-suspend-confirm.png");
  await confirm.getByRole("button", { name: "Sim", exact: true }).click();
  await confirm.waitFor({ state: "detached" });
  const today = new Date().toLocaleDateString("pt-BR", { day: "2-digit", month: "2-digit", year: "numeric" });
  await eventually(async () => assert.equal(await cell(PADARIA, "state").innerText(), `Suspensa desde ${today}`));
  assert.equal(await cell("Demo", "state").innerText(), "Ativa", "only that account");
  await accountRow(PADARIA).getByRole("button", { name: `Reativar ${PADARIA}` }).waitFor();
  await shot("reseller-suspended.png");

  // Paulo's login: refused, with the server's own words.
  let { agent, agentPage } = await agentLogin(PAULO.email, PAULO.password);
  try {
    await agentPage.getByRole("alert").getByText(SUSPENDED).waitFor();
    assert.equal(new URL(agentPage.url()).pathname, "/login");
    mkdirSync(ARTIFACTS, { recursive: true });
    await agentPage.screenshot({ path: join(ARTIFACTS, "reseller-agent-login-suspended.png") });
  } finally {
    await agent.close();
  }

  await accountRow(PADARIA).getByRole("button", { name: `Reativar ${PADARIA}` }).click();
  await eventually(async () => assert.equal(await cell(PADARIA, "state").innerText(), "Ativa"));
  ({ agent, agentPage } = await agentLogin(PAULO.email, PAULO.password));
  try {
    await agentPage.getByRole("tab", { name: /Todos os chats/ }).waitFor();
  } finally {
    await agent.close();
  }
});

journey("A2: Verificar código de suporte names the demo account for its current code, none for a wrong one", async () => {
  const { code } = await demoAdmin.get("/api/v1/me/support-code");
  assert.match(code, /^[A-Z0-9]+$/);
  assert.equal(await verify(code), `O código ${code} é da conta Demo.`);
  await assertNoSeriousViolations(page, "the support code verdict");
  await shot("reseller-verify.png");
  // Typed the way people type: lower case with a space; the same account.
  assert.equal(await verify(`${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`), `O código ${code} é da conta Demo.`);
  // A code no account has (the alphabet leaves out 0 and O, so this is never a real one).
  assert.equal(await verify("000000"), "Nenhuma das suas contas tem este código agora.");

  // On a phone the table scrolls sideways inside its card; the rest stacks.
  await page.setViewportSize({ width: 390, height: 844 });
  await assertNoSeriousViolations(page, "the console on a phone");
  await shot("reseller-console-phone.png");
  await page.setViewportSize({ width: 1280, height: 900 });
});

journey("A2: the new account's support code is found as Padaria Pão Quente", async () => {
  // An account gets its first support code as it is opened (its job is due at once).
  const paulo = await Api.login(server.url, PAULO.email, PAULO.password);
  const { code } = await eventually(() => paulo.get("/api/v1/me/support-code"), 5_000);
  assert.equal(await verify(code), `O código ${code} é da conta ${PADARIA}.`);
});

journey("A1: the console's cookie opens no agent API; Sair goes back to the console's login", async () => {
  const status = await page.evaluate(async () => (await fetch("/api/v1/contacts")).status);
  assert.equal(status, 401, "the reseller's session is no agent session");
  const me = await page.evaluate(async () => (await fetch("/api/v1/me")).status);
  assert.equal(me, 401);

  await page.getByRole("button", { name: "Sair" }).click();
  await page.getByRole("heading", { name: "Entrar no console da revenda" }).waitFor();
  await page.reload();
  await page.getByRole("heading", { name: "Entrar no console da revenda" }).waitFor();
  assert.equal(await page.evaluate(async () => (await fetch("/api/v1/reseller/me")).status), 401, "signed out at the server too");
  // And an agent's own session opens no console: the demo admin is asked to sign in to it.
  await signIn(page, server);
  await page.goto(`${server.url}/revenda`);
  await page.getByRole("heading", { name: "Entrar no console da revenda" }).waitFor();
  assert.equal(await page.getByRole("table", { name: "Contas" }).count(), 0);
});
