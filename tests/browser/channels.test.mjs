// "Canais" and "Templates" (issue 14 part 1, A4, CH1–CH3, C7, C14) in a real browser, over a
// WhatsApp number whose Graph API is the local fake (fakeGraph.mjs): both screens on
// "Configurações"; a WhatsApp number connected through the form (a bad id refused on its field
// first), its webhook URL and verify token shown to copy (the URL copied, Meta's handshake
// answered with that token), the row with its number and webhook; "Testar conexão" reporting
// what the fake Meta answered (ok, then a refusal); the credentials rotated (nothing typed is
// refused; the new verify token answers the handshake and the old one no longer does; the new
// access token is the one Meta is then called with); a simulator channel created, a template
// added to it by hand, listed as APPROVED with its preview; the number's templates synced from
// the fake (the report shown, the statuses listed and filtered, then Meta's refusal shown); axe on both screens.
// Last, "Editar": the number renamed and given its echo word (a bad WABA id refused on its field
// first), checked through GET /api/v1/channels, then the echo word cleared.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Api } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { FakeGraph, PHONE_NUMBER_ID } from "./fakeGraph.mjs";
import { launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 90_000;

let fake;
let server;
let browser;
let admin;
let context;
let page;
const pages = {};

before(async () => {
  fake = await FakeGraph.start();
  server = await startServer({ env: { ATENDE_GRAPH_API_URL: fake.url } });
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 } });
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
  await fake?.stop();
});

const journey = (name, fn) => test(name, { timeout: TEST_TIMEOUT }, () => withScreenshots(name, () => pages, fn));

/** The error text a Field shows under the control labelled `label`, once the control is invalid. */
async function fieldError(scope, label) {
  const control = scope.getByLabel(label, { exact: true });
  await eventually(async () => assert.equal(await control.getAttribute("aria-invalid"), "true", `${label} is not marked invalid`));
  const id = (await control.getAttribute("aria-describedby")).split(" ").find((x) => x.endsWith("-error"));
  return scope.locator(`[id="${id}"]`).innerText();
}

/** Meta's webhook handshake with `token`: the status and the body the server answered. */
async function handshake(webhookUrl, token) {
  const url = new URL(webhookUrl);
  url.searchParams.set("hub.mode", "subscribe");
  url.searchParams.set("hub.verify_token", token);
  url.searchParams.set("hub.challenge", "1158201444");
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

const channelRow = (name) => page.getByTestId("channel").filter({ has: page.getByRole("rowheader", { name }) });
let webhookUrl;

journey("A4: Configurações lists Canais and Templates", async () => {
  await page.goto(`${server.url}/admin`);
  const nav = page.getByRole("navigation", { name: "Configurações" });
  await nav.getByRole("link", { name: /Canais/ }).click();
  await page.getByRole("heading", { name: "Canais" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/channels");
  await page.goto(`${server.url}/admin`);
  await nav.getByRole("link", { name: /Templates/ }).click();
  await page.getByRole("heading", { name: "Templates" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/templates");
});

journey("CH1: a WhatsApp number connected through the form shows its webhook URL and verify token to copy", async () => {
  await page.goto(`${server.url}/admin/channels`);
  await page.getByRole("heading", { name: "Canais" }).waitFor();
  await page.getByRole("button", { name: "Conectar número de WhatsApp" }).click();
  const form = page.getByRole("dialog", { name: "Conectar número de WhatsApp" });
  await form.getByLabel("Nome do canal", { exact: true }).fill("Loja");
  await form.getByLabel("ID do número de telefone (phone_number_id)", { exact: true }).fill("número errado");
  await form.getByLabel("ID da conta do WhatsApp Business (WABA)", { exact: true }).fill("102290129340398");
  await form.getByLabel("Número (como as pessoas discam)", { exact: true }).fill("5511955550000");
  await form.getByLabel("App secret", { exact: true }).fill("segredo-do-app-de-teste");
  await form.getByLabel("Token de acesso", { exact: true }).fill("token-de-teste");
  await form.getByLabel("Token de verificação", { exact: true }).fill("verificar-1");
  await form.getByRole("button", { name: "Conectar" }).click();
  assert.match(await fieldError(form, "ID do número de telefone (phone_number_id)"), /id do canal na Meta deve ter só letras/);
  await assertNoSeriousViolations(page, "Conectar número de WhatsApp");

  await form.getByLabel("ID do número de telefone (phone_number_id)", { exact: true }).fill(PHONE_NUMBER_ID);
  await form.getByRole("button", { name: "Conectar" }).click();
  const done = page.getByRole("dialog", { name: "Loja conectado" });
  await done.getByText(/registre na Meta/).waitFor();
  webhookUrl = await done.getByLabel("URL de callback", { exact: true }).inputValue();
  const channel = (await admin.get("/api/v1/channels")).items.find((c) => c.name === "Loja");
  assert.equal(webhookUrl, `${server.url}${channel.webhook_path}`);
  assert.equal(await done.getByLabel("Token de verificação", { exact: true }).inputValue(), "verificar-1");
  await done.getByRole("button", { name: "Copiar URL de callback" }).click();
  await done.getByText("Copiado.").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), webhookUrl);
  assert.deepEqual(await handshake(webhookUrl, "verificar-1"), { status: 200, body: "1158201444" });
  await assertNoSeriousViolations(page, "Canal conectado");
  await done.getByRole("button", { name: "Concluir" }).click();
  await done.waitFor({ state: "detached" });

  const row = channelRow("Loja");
  await row.getByText("5511955550000").waitFor();
  assert.equal(await row.getByLabel("Endereço de webhook de Loja", { exact: true }).inputValue(), webhookUrl);
  assert.equal(await page.content().then((html) => html.includes("verificar-1")), false, "the verify token is gone from the page");
  await assertNoSeriousViolations(page, "Canais");
});

journey("CH1: Testar conexão reports what Meta answered, working or refused", async () => {
  fake.objects.set(PHONE_NUMBER_ID, {
    status: 200,
    body: { id: PHONE_NUMBER_ID, display_phone_number: "+55 11 95555-0000", verified_name: "Loja Teste", quality_rating: "GREEN" },
  });
  const row = channelRow("Loja");
  await row.getByRole("button", { name: "Testar conexão de Loja" }).click();
  const result = row.getByTestId("connection-result");
  await result.getByText("Funcionando.").waitFor();
  assert.match(await result.innerText(), /a Meta respondeu com o número \+55 11 95555-0000 \(Loja Teste\), qualidade GREEN/);

  fake.objects.set(PHONE_NUMBER_ID, {
    status: 401,
    body: { error: { message: "Invalid OAuth access token - Cannot parse access token", type: "OAuthException", code: 190 } },
  });
  await row.getByRole("button", { name: "Testar conexão de Loja" }).click();
  await result.getByText("Falhou.").waitFor();
  assert.match(await result.innerText(), /A Meta recusou \(HTTP 401, código 190\)/);
});

journey("CH1: the credentials are rotated: the new verify token answers Meta's handshake, the new access token is used", async () => {
  const row = channelRow("Loja");
  await row.getByRole("button", { name: "Trocar credenciais de Loja" }).click();
  const dialog = page.getByRole("dialog", { name: "Trocar credenciais de Loja" });
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await dialog.getByText("Preencha pelo menos uma credencial nova.").waitFor();
  await dialog.getByLabel("Novo token de acesso", { exact: true }).fill("token-novo");
  await dialog.getByLabel("Novo token de verificação", { exact: true }).fill("verificar-2");
  await assertNoSeriousViolations(page, "Trocar credenciais");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByText("Credenciais de Loja trocadas.").waitFor();

  await eventually(async () => assert.deepEqual(await handshake(webhookUrl, "verificar-2"), { status: 200, body: "1158201444" }));
  assert.notEqual((await handshake(webhookUrl, "verificar-1")).status, 200, "the old verify token no longer works");

  fake.objects.set(PHONE_NUMBER_ID, { status: 200, body: { id: PHONE_NUMBER_ID, display_phone_number: "+55 11 95555-0000" } });
  fake.reads.length = 0;
  await row.getByRole("button", { name: "Testar conexão de Loja" }).click();
  await row.getByTestId("connection-result").getByText("Funcionando.").waitFor();
  assert.equal(fake.reads.at(-1)?.authorization, "Bearer token-novo");
});

journey("C7: a template added to a simulator channel is listed as approved with its preview; a WhatsApp number's templates are synced", async () => {
  await page.goto(`${server.url}/admin/channels`);
  await page.getByTestId("simulator-create").getByLabel("Nome", { exact: true }).fill("Simulador Templates");
  await page.getByRole("button", { name: "Criar canal simulador" }).click();
  await channelRow("Simulador Templates").waitFor();

  await page.goto(`${server.url}/admin/templates`);
  await page.getByRole("heading", { name: "Templates" }).waitFor();
  const form = page.getByTestId("template-create");
  await form.getByLabel("Canal", { exact: true }).selectOption({ label: "Simulador Templates" });
  await form.getByLabel("Nome", { exact: true }).fill("aviso_entrega");
  await form.getByLabel("Texto", { exact: true }).fill("Olá {{1}}, seu pedido {{2}} saiu para entrega.");
  await form.getByRole("button", { name: "Adicionar template" }).click();
  await page.getByText("Template adicionado.").waitFor();
  const added = page.getByTestId("template").filter({ hasText: "aviso_entrega" });
  assert.equal(await added.getByTestId("template-status").innerText(), "APPROVED");
  await added.getByText("Utilidade").waitFor();
  await added.getByTestId("template-preview").getByText("Olá [1], seu pedido [2] saiu para entrega.").waitFor();

  fake.templates = [
    { id: "t-1", name: "boas_vindas", language: "pt_BR", status: "APPROVED", category: "UTILITY", parameter_format: "POSITIONAL", components: [{ type: "BODY", text: "Bem-vindo à Loja, {{1}}!" }] },
    { id: "t-2", name: "promo_natal", language: "pt_BR", status: "PENDING", category: "MARKETING", parameter_format: "POSITIONAL", components: [{ type: "BODY", text: "Promoção de Natal!" }] },
  ];
  await page.getByRole("button", { name: "Sincronizar Loja com a Meta" }).click();
  await page.getByTestId("sync-result").getByText("Loja: 2 templates sincronizados, 0 removidos.").waitFor();
  const welcome = page.getByTestId("template").filter({ hasText: "boas_vindas" });
  assert.equal(await welcome.getByTestId("template-status").innerText(), "APPROVED");
  await welcome.getByTestId("template-preview").getByText("Bem-vindo à Loja, [1]!").waitFor();
  const promo = page.getByTestId("template").filter({ hasText: "promo_natal" });
  assert.equal(await promo.getByTestId("template-status").innerText(), "PENDING");
  await promo.getByText("Marketing").waitFor();

  fake.templatesRefusal = { status: 403, body: { error: { message: "(#200) Permissions error", type: "OAuthException", code: 200 } } };
  await page.getByRole("button", { name: "Sincronizar Loja com a Meta" }).click();
  await page.getByTestId("sync-result").getByText(/A sincronização de Loja falhou: A Meta recusou/).waitFor();
  fake.templatesRefusal = null;
  await promo.waitFor();

  await page.getByLabel("Status", { exact: true }).selectOption("PENDING");
  await eventually(async () => assert.deepEqual(await page.getByTestId("template").locator(".admin-item-name").allInnerTexts(), ["promo_natal"]));
  await page.getByLabel("Status", { exact: true }).selectOption("");
  await page.getByLabel("Canal", { exact: true }).first().selectOption({ label: "Simulador Templates" });
  await eventually(async () => assert.deepEqual(await page.getByTestId("template").locator(".admin-item-name").allInnerTexts(), ["aviso_entrega"]));
  await assertNoSeriousViolations(page, "Templates");
});

journey("CH1: Editar — the number renamed and given its echo word (a bad WABA id refused on its field first)", async () => {
  await page.goto(`${server.url}/admin/channels`);
  const row = channelRow("Loja");
  await row.getByRole("button", { name: "Editar Loja" }).click();
  const dialog = page.getByRole("dialog", { name: "Editar Loja" });
  assert.equal(await dialog.getByLabel("Nome do canal", { exact: true }).inputValue(), "Loja");
  assert.equal(await dialog.getByLabel("Número (como as pessoas discam)", { exact: true }).inputValue(), "5511955550000");
  assert.equal(await dialog.getByLabel("ID da conta do WhatsApp Business (WABA)", { exact: true }).inputValue(), "102290129340398");
  assert.equal(await dialog.getByLabel("Palavra de fim do modo eco", { exact: true }).inputValue(), "");
  assert.equal(await dialog.getByLabel(/token/i).count(), 0, "no secret is shown or asked for here");

  await dialog.getByLabel("Nome do canal", { exact: true }).fill("Loja Centro");
  await dialog.getByLabel("ID da conta do WhatsApp Business (WABA)", { exact: true }).fill("conta errada");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  assert.match(await fieldError(dialog, "ID da conta do WhatsApp Business (WABA)"), /id da conta do WhatsApp Business deve ter só letras/);
  assert.equal((await admin.get("/api/v1/channels")).items.some((c) => c.name === "Loja Centro"), false, "nothing saved");

  await dialog.getByLabel("ID da conta do WhatsApp Business (WABA)", { exact: true }).fill("102290129340398");
  await dialog.getByLabel("Palavra de fim do modo eco", { exact: true }).fill("#fim");
  await assertNoSeriousViolations(page, "Editar canal");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByText("Canal Loja Centro salvo.").waitFor();
  await channelRow("Loja Centro").getByText("5511955550000").waitFor();

  const saved = (await admin.get("/api/v1/channels")).items.find((c) => c.external_id === PHONE_NUMBER_ID);
  assert.deepEqual(
    [saved.name, saved.echo_keyword, saved.display_phone, saved.business_id],
    ["Loja Centro", "#fim", "5511955550000", "102290129340398"],
  );

  // Opened again, the dialog shows what the server keeps; the echo word emptied is cleared.
  await channelRow("Loja Centro").getByRole("button", { name: "Editar Loja Centro" }).click();
  const again = page.getByRole("dialog", { name: "Editar Loja Centro" });
  assert.equal(await again.getByLabel("Palavra de fim do modo eco", { exact: true }).inputValue(), "#fim");
  await again.getByLabel("Palavra de fim do modo eco", { exact: true }).fill("");
  await again.getByRole("button", { name: "Salvar" }).click();
  await again.waitFor({ state: "detached" });
  await eventually(async () => assert.equal((await admin.get("/api/v1/channels")).items.find((c) => c.external_id === PHONE_NUMBER_ID).echo_keyword ?? null, null));
});
