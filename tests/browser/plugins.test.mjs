// The "Plugins" and "Tokens de API" screens of issue 14 part 1 (A4) in a real browser: both are
// on the "Configurações" list; the test plugin `noop` uploaded (its manifest.json and its built
// .wasm, as the registry API wants them), listed with its version, switched off and on, a new
// version from the fields form, that version deleted and the plugin deleted after a "Sim"; an
// upload with a broken manifest showing the server's refusal under the manifest field, and a
// shipped plugin switched off and on. An API token created, its secret shown once, used from
// node (`Authorization: Bearer …` on GET /api/v1/me), then revoked (401 after). Axe on both.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Api } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { REPO, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 90_000;
const NOOP_MANIFEST = readFileSync(join(REPO, "plugins/testing/noop/manifest.json"));
const NOOP_WASM = readFileSync(join(REPO, "plugins/target/wasm32-wasip2/release/noop.wasm"));

let server;
let browser;
let admin;
let context;
let page;
const pages = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(WAIT);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  page = await context.newPage();
  pages.admin = page;
  await signIn(page, server);
}, { timeout: TEST_TIMEOUT });

after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

const journey = (name, fn) => test(name, { timeout: TEST_TIMEOUT }, () => withScreenshots(name, () => pages, fn));

async function answerYes(question) {
  const box = page.getByRole("dialog").filter({ hasText: question });
  await box.waitFor();
  await box.getByRole("button", { name: "Sim", exact: true }).click();
  await box.waitFor({ state: "detached" });
}

const plugin = (name) => page.getByTestId("plugin").filter({ has: page.locator(".admin-item-name", { hasText: name }) });
const uploadForm = () => page.getByTestId("plugin-upload");

journey("A4: Configurações lists Plugins and Tokens de API", async () => {
  await page.goto(`${server.url}/admin`);
  const nav = page.getByRole("navigation", { name: "Configurações" });
  assert.equal(await nav.getByRole("link", { name: /^Plugins/ }).getAttribute("href"), "/admin/plugins");
  assert.equal(await nav.getByRole("link", { name: /^Tokens de API/ }).getAttribute("href"), "/admin/api-tokens");
  await nav.getByRole("link", { name: /^Plugins/ }).click();
  await page.getByRole("heading", { name: "Plugins", exact: true }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/plugins");
});

journey("A4: a broken manifest is refused and the server's message is shown under the manifest", async () => {
  await page.goto(`${server.url}/admin/plugins`);
  await page.getByRole("heading", { name: "Plugins do Atende" }).waitFor();
  await uploadForm().getByLabel("Arquivo do manifesto").setInputFiles({ name: "manifest.json", mimeType: "application/json", buffer: Buffer.from("{não é json") });
  await uploadForm().getByLabel("Componente (.wasm)").setInputFiles({ name: "noop.wasm", mimeType: "application/wasm", buffer: NOOP_WASM });
  await uploadForm().getByRole("button", { name: "Enviar plugin" }).click();
  const control = uploadForm().getByLabel("Arquivo do manifesto");
  await eventually(async () => assert.equal(await control.getAttribute("aria-invalid"), "true"));
  const errorId = (await control.getAttribute("aria-describedby")).split(" ").find((x) => x.endsWith("-error"));
  assert.match(await page.locator(`[id="${errorId}"]`).innerText(), /manifesto inválido/);

  // A version that is not semantic, from the fields: the message goes under "Versão".
  await uploadForm().getByLabel("Preencher os campos").check();
  await uploadForm().getByLabel("Nome", { exact: true }).fill("quebrado");
  await uploadForm().getByLabel("Versão", { exact: true }).fill("um");
  await uploadForm().getByLabel("Tipo").selectOption({ label: "Variáveis" });
  await uploadForm().getByRole("button", { name: "Enviar plugin" }).click();
  const version = uploadForm().getByLabel("Versão", { exact: true });
  await eventually(async () => assert.equal(await version.getAttribute("aria-invalid"), "true"));
  const versionErrorId = (await version.getAttribute("aria-describedby")).split(" ").find((x) => x.endsWith("-error"));
  assert.match(await page.locator(`[id="${versionErrorId}"]`).innerText(), /não é uma versão semântica/);
  assert.equal((await admin.get("/api/v1/plugins")).items.filter((p) => p.origin === "account").length, 0, "nothing stored");
  await uploadForm().getByLabel("Arquivo manifest.json").check();
});

journey("A4: upload noop, see it listed, switch it off and on, a new version, delete the version and the plugin", async () => {
  await page.goto(`${server.url}/admin/plugins`);
  await page.getByText("Nenhum plugin enviado pela conta.").waitFor();
  await uploadForm().getByLabel("Arquivo do manifesto").setInputFiles({ name: "manifest.json", mimeType: "application/json", buffer: NOOP_MANIFEST });
  await uploadForm().getByText("Manifesto de noop 0.1.0.").waitFor();
  await uploadForm().getByLabel("Componente (.wasm)").setInputFiles({ name: "noop.wasm", mimeType: "application/wasm", buffer: NOOP_WASM });
  await uploadForm().getByRole("button", { name: "Enviar plugin" }).click();
  await plugin("noop").waitFor();
  await plugin("noop").getByText("Variáveis").waitFor();
  await plugin("noop").getByRole("row", { name: /0\.1\.0/ }).waitFor();
  const stored = (await admin.get("/api/v1/plugins")).items.find((p) => p.name === "noop");
  assert.equal(stored.origin, "account");
  assert.equal(stored.enabled, true);
  await assertNoSeriousViolations(page, "Plugins");

  const enabled = plugin("noop").getByRole("switch", { name: "noop ativo" });
  assert.equal(await enabled.isChecked(), true);
  await enabled.click();
  await eventually(async () => assert.equal((await admin.get(`/api/v1/plugins/${stored.id}`)).enabled, false));
  await eventually(async () => assert.equal(await enabled.isChecked(), false));
  await enabled.click();
  await eventually(async () => assert.equal((await admin.get(`/api/v1/plugins/${stored.id}`)).enabled, true));
  await eventually(async () => assert.equal(await enabled.isChecked(), true));

  // A new version from the fields form (name and kind fixed).
  await plugin("noop").getByRole("button", { name: "Nova versão de noop" }).click();
  const dialog = page.getByRole("dialog", { name: "Nova versão de noop" });
  assert.equal(await dialog.getByLabel("Nome", { exact: true }).inputValue(), "noop");
  await dialog.getByLabel("Versão", { exact: true }).fill("0.2.0");
  await dialog.getByLabel("Componente (.wasm)").setInputFiles({ name: "noop.wasm", mimeType: "application/wasm", buffer: NOOP_WASM });
  await dialog.getByRole("button", { name: "Enviar versão" }).click();
  await dialog.waitFor({ state: "detached" });
  await plugin("noop").getByText("em uso: 0.2.0").waitFor();
  assert.equal(await plugin("noop").getByTestId("plugin-version").count(), 2);

  await plugin("noop").getByRole("button", { name: "Excluir a versão 0.2.0 de noop" }).click();
  await answerYes("Tem certeza que deseja excluir a versão 0.2.0 de noop?");
  await plugin("noop").getByText("em uso: 0.1.0").waitFor();
  assert.equal(await plugin("noop").getByTestId("plugin-version").count(), 1);
  assert.equal(await plugin("noop").getByRole("button", { name: /Excluir a versão/ }).count(), 0, "the only version cannot be deleted");

  await plugin("noop").getByRole("button", { name: "Excluir noop" }).click();
  await answerYes("Tem certeza que deseja excluir o plugin noop com todas as versões?");
  await page.getByText("Nenhum plugin enviado pela conta.").waitFor();
  assert.equal((await admin.get("/api/v1/plugins")).items.some((p) => p.name === "noop"), false);
});

journey("A4: a shipped plugin is switched off and on for the account", async () => {
  await page.goto(`${server.url}/admin/plugins`);
  const row = page.getByTestId("shipped-plugin").filter({ has: page.getByRole("rowheader", { name: "variables", exact: true }) });
  const enabled = row.getByRole("switch", { name: "variables ativo" });
  assert.equal(await enabled.isChecked(), true);
  await enabled.click();
  await eventually(async () => assert.equal((await admin.get("/api/v1/plugins/shipped/variables")).enabled, false));
  // The switch follows the server's answer, which reaches the page a moment after the server.
  await eventually(async () => assert.equal(await enabled.isChecked(), false));
  await enabled.click();
  await eventually(async () => assert.equal((await admin.get("/api/v1/plugins/shipped/variables")).enabled, true));
  await eventually(async () => assert.equal(await enabled.isChecked(), true));
});

journey("A4: an API token is created, its secret shown once, used with Bearer, then revoked (401)", async () => {
  await page.goto(`${server.url}/admin/api-tokens`);
  await page.getByRole("heading", { name: "Tokens de API" }).waitFor();
  await page.getByText("Nenhum token de API.").waitFor();
  await page.getByLabel("Nome do token").fill("Integração ERP");
  await page.getByRole("button", { name: "Criar token" }).click();
  const dialog = page.getByRole("dialog", { name: "Token Integração ERP criado" });
  await dialog.getByText("Copie o token agora: ele não será mostrado de novo.").waitFor();
  const secret = await dialog.getByLabel("Token", { exact: true }).inputValue();
  assert.ok(secret.length > 16, secret);
  await dialog.getByRole("button", { name: "Copiar" }).click();
  await dialog.getByText("Copiado.").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
  await assertNoSeriousViolations(page, "Token criado");
  await dialog.getByRole("button", { name: "Pronto" }).click();
  await dialog.waitFor({ state: "detached" });

  const row = page.getByTestId("api-token").filter({ hasText: "Integração ERP" });
  await row.waitFor();
  const listed = (await admin.get("/api/v1/api-tokens")).items[0];
  assert.ok(secret.startsWith(listed.prefix), "the prefix is the secret's start");
  await row.getByText(`${listed.prefix}…`).waitFor();
  await row.getByText(admin.me.user.name).waitFor();
  await row.getByText("Nunca").waitFor();
  assert.equal(await page.content().then((html) => html.includes(secret)), false, "the secret is gone from the page");
  await assertNoSeriousViolations(page, "Tokens de API");

  const me = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).user.id, admin.me.user.id);
  await page.reload();
  await page.getByTestId("api-token").filter({ hasText: "Integração ERP" }).waitFor();
  assert.equal(await row.getByText("Nunca").count(), 0, "last use shown after the call");

  await row.getByRole("button", { name: "Revogar Integração ERP" }).click();
  await answerYes("Tem certeza que deseja revogar o token Integração ERP?");
  await page.getByText("Nenhum token de API.").waitFor();
  const after = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(after.status, 401);
});
