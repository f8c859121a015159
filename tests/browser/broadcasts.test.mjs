// "Transmissões" (A7, S5, S10) in a real browser, as the admin in Portuguese, over the demo
// account's simulator channel and a simulator template "{{1}}"-filled with `{nome}`. Three
// simulator contacts tagged "Dezembro" write "Oi"; one is blocked and one has broadcasts switched
// off through the API. "Nova transmissão": the live count agrees with POST /broadcasts/audience
// (with and without the tag: 1 with it), the missing fields are named; sent "Agora", its page
// reaches "Concluída" with "Enviadas" = that count and the recipient listed as sent; the contact's
// simulator page shows the template with their name, the blocked and switched-off contacts got
// nothing. A name too long is refused by the server under "Nome"; a broadcast scheduled for
// tomorrow (a past time refused first) is paused, resumed and cancelled after "Sim"; the list
// shows both with their states and totals. Axe on the three pages.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Api, simulatorSay } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 120_000;
const ANA = { name: "Ana Alvo", phone: "5521955559001" };
const BETO = { name: "Beto Bloqueado", phone: "5521955559002" };
const CAIO = { name: "Caio Calado", phone: "5521955559003" };
const TEMPLATE = "novidades_dezembro";
const BODY = "Olá {{1}}, temos novidades para você.";

let server;
let browser;
let admin;
let context;
let page;
let channel;
let tag;
let template;
const extraContexts = [];
const pages = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  channel = (await admin.get("/api/v1/channels")).items.find((c) => c.kind === "simulator");
  template = await admin.post(`/api/v1/channels/${channel.id}/templates`, {
    name: TEMPLATE,
    language: "pt_BR",
    category: "marketing",
    components: [{ type: "BODY", text: BODY }],
  });
  tag = await admin.post("/api/v1/tags", { name: "Dezembro" });
  for (const c of [ANA, BETO, CAIO]) {
    await simulatorSay(server.simulatorUrl, c.phone, c.name, "Oi");
    const contact = await contactByPhone(c.phone);
    c.id = contact.id;
    await admin.post(`/api/v1/contacts/${c.id}/tags`, { tag_id: tag.id });
  }
  await admin.post(`/api/v1/contacts/${BETO.id}/block`);
  await admin.request("PATCH", `/api/v1/contacts/${CAIO.id}`, { receives_broadcasts: false });

  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 } });
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

async function contactByPhone(phone) {
  const found = (await admin.get(`/api/v1/contacts?search=${phone}`)).items.find((c) => c.phone === phone);
  assert.ok(found, `no contact with phone ${phone}`);
  return found;
}

/** What the contact's phone shows from the company (outbound texts), through the simulator's API. */
async function contactSees(phone) {
  const url = new URL(server.simulatorUrl);
  const key = url.pathname.split("/").pop();
  const res = await fetch(`${url.origin}/api/v1/simulator/${key}/messages?phone=${phone}`);
  const body = await res.json();
  return body.items.filter((m) => m.direction === "outbound").map((m) => m.text ?? "");
}

/** How many contacts the server says the filter reaches on the simulator. */
async function audience(filter) {
  return (await admin.post("/api/v1/broadcasts/audience", { channel_id: channel.id, filter })).count;
}

/** "1 contato receberá", "2 contatos receberão", "Nenhum contato receberá". */
const countText = (n) => (n === 0 ? "Nenhum contato receberá" : n === 1 ? "1 contato receberá" : `${n.toLocaleString("pt-BR")} contatos receberão`);

/** A `datetime-local` value in this machine's zone (the browser's too). */
function localTime(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The error text a Field shows under the control labelled `label`, once the control is invalid. */
async function fieldError(label) {
  const control = page.getByLabel(label, { exact: true });
  await eventually(async () => assert.equal(await control.getAttribute("aria-invalid"), "true", `${label} is not marked invalid`));
  const id = (await control.getAttribute("aria-describedby")).split(" ").find((x) => x.endsWith("-error"));
  return page.locator(`[id="${id}"]`).innerText();
}

const count = () => page.getByTestId("audience-count");
const total = (key) => page.getByTestId(`broadcast-${key}`).locator("dd");
const progress = () => page.getByTestId("broadcast-progress");

/** Fills "Mensagem" with the simulator and the template, `{nome}` in its parameter. */
async function fillMessage(name) {
  await page.getByLabel("Nome", { exact: true }).fill(name);
  await page.getByLabel("Canal", { exact: true }).selectOption({ label: channel.name });
  await page.getByLabel("Template", { exact: true }).selectOption({ label: `${template.name} · ${template.category_label}` });
  await page.getByLabel("{{1}} do corpo", { exact: true }).fill("{nome}");
}

/** The screenshot the review looks at, the page's whole height (its card scrolls inside the window). */
async function shot(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const height = await page.evaluate(() => document.querySelector(".profile-card")?.scrollHeight ?? 0);
  await page.setViewportSize({ width: 1280, height: Math.max(900, height + 120) });
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

journey("A7: a broadcast sent now reaches the tagged contact only; the count agrees with the server; Concluída", async () => {
  await page.goto(`${server.url}/admin`);
  const nav = page.getByRole("navigation", { name: "Configurações" });
  // "Transmissões" comes right after "Contatos" and its "Empresas".
  await nav.getByRole("link", { name: /^Transmissões/ }).waitFor();
  const titles = await nav.locator(".admin-link-title").allInnerTexts();
  assert.deepEqual(titles.slice(titles.indexOf("Contatos"), titles.indexOf("Contatos") + 3), ["Contatos", "Empresas", "Transmissões"]);
  await nav.getByRole("link", { name: /^Transmissões/ }).click();
  await page.getByRole("heading", { name: "Transmissões", exact: true }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/broadcasts");
  await page.getByText("Nenhuma transmissão ainda.").waitFor();

  await page.getByRole("link", { name: "Nova transmissão" }).click();
  await page.getByRole("heading", { name: "Nova transmissão", exact: true }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/broadcasts/new");
  await count().getByText("Escolha o canal para contar os destinatários.").waitFor();
  await page.getByText("Contatos bloqueados e com transmissões desligadas nunca são incluídos.").waitFor();
  // "Bloqueado?" is not a choice: blocked contacts are always left out.
  assert.equal(await page.getByLabel("Bloqueado?", { exact: true }).count(), 0);

  // Sent empty: every missing field says so, nothing is created.
  await page.getByRole("button", { name: "Enviar transmissão" }).click();
  await page.getByText("Dê um nome à transmissão.").waitFor();
  await page.getByText("Escolha o canal.", { exact: true }).waitFor();
  await page.getByText("Escolha o template.", { exact: true }).waitFor();
  assert.equal((await admin.get("/api/v1/broadcasts")).items.length, 0);

  await fillMessage("Novidades de dezembro");
  // The template's text and the hint that `{nome}` is each contact's own.
  await page.getByText(/\{nome\} e outras variáveis do contato/).waitFor();
  await page.getByTestId("template-preview").getByText(/temos novidades para você/).waitFor();

  // Everyone the simulator reaches (the demo's own contacts too): what the server counts.
  const everyone = await audience({});
  await eventually(async () => assert.equal(await count().getAttribute("data-count"), String(everyone)));
  assert.equal((await count().innerText()).trim(), countText(everyone));

  // Only "Dezembro": Beto is blocked and Caio switched broadcasts off, so Ana alone.
  const expected = await audience({ tag_id: tag.id });
  assert.equal(expected, 1, "blocked and switched-off contacts are not counted");
  await page.getByLabel("Etiqueta", { exact: true }).selectOption({ label: "Dezembro" });
  await eventually(async () => assert.equal(await count().getAttribute("data-count"), String(expected)));
  assert.equal((await count().innerText()).trim(), "1 contato receberá");
  // Asking for the switched-off ones by name finds nobody: no filter brings them back.
  await page.getByLabel("Recebe transmissões", { exact: true }).selectOption({ label: "Não" });
  await eventually(async () => assert.equal(await count().getAttribute("data-count"), "0"));
  assert.equal((await count().innerText()).trim(), "Nenhum contato receberá");
  await page.getByLabel("Recebe transmissões", { exact: true }).selectOption({ label: "Todos" });
  await eventually(async () => assert.equal(await count().getAttribute("data-count"), "1"));
  await shot("broadcast-new.png");
  await assertNoSeriousViolations(page, "Nova transmissão");

  await page.getByRole("button", { name: "Enviar transmissão" }).click();
  await page.waitForURL(/\/admin\/broadcasts\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split("/").pop());
  await page.getByRole("heading", { name: "Novidades de dezembro", exact: true }).waitFor();
  await progress().getByRole("progressbar", { name: "Progresso da transmissão" }).waitFor();
  await page.locator("[data-testid=broadcast-progress][data-state=done]").waitFor();
  await progress().getByText("Transmissão concluída.").waitFor();
  assert.equal(await page.getByTestId("broadcast-state").first().innerText(), "Concluída");
  assert.equal(await total("recipients").innerText(), String(expected));
  assert.equal(await total("sent").innerText(), String(expected));
  assert.equal(await total("failed").innerText(), "0");
  assert.equal(await progress().getByRole("progressbar").getAttribute("value"), String(expected));
  // Finished: no button applies.
  assert.equal(await page.getByRole("button", { name: "Pausar" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Cancelar", exact: true }).count(), 0);

  // The recipients: Ana, sent; the state filter keeps her under "Enviadas", none under "Falhas".
  const recipients = page.getByRole("table", { name: "Destinatários" });
  const anaRow = recipients.getByTestId("recipient-row").filter({ has: page.getByRole("rowheader", { name: ANA.name, exact: true }) });
  await anaRow.waitFor();
  assert.equal(await anaRow.locator("td[data-col=state]").innerText(), "Enviada");
  assert.match(await anaRow.innerText(), new RegExp(ANA.phone));
  assert.equal(await page.getByTestId("recipient-row").count(), expected);
  const stateFilter = page.getByLabel("Situação dos destinatários", { exact: true });
  await stateFilter.selectOption({ label: "Falhas" });
  await page.getByText("Nenhum destinatário nesta situação.").waitFor();
  await stateFilter.selectOption({ label: "Enviadas" });
  await anaRow.waitFor();
  await stateFilter.selectOption({ label: "Todos" });
  await shot("broadcast-details.png");
  await assertNoSeriousViolations(page, "a broadcast's page");

  // Through the API: the same, and neither Beto nor Caio among the recipients.
  const view = await admin.get(`/api/v1/broadcasts/${id}`);
  assert.equal(view.state, "done");
  assert.equal(view.totals.sent, expected);
  const listed = (await admin.get(`/api/v1/broadcasts/${id}/recipients`)).items.map((r) => r.contact_id);
  assert.deepEqual(listed, [ANA.id]);

  // Ana's phone (the simulator page) shows the template with her own name.
  const sim = await browser.newContext({ locale: "pt-BR", viewport: { width: 420, height: 800 } });
  sim.setDefaultTimeout(WAIT);
  extraContexts.push(sim);
  const simPage = await sim.newPage();
  pages.simulator = simPage;
  await simPage.goto(server.simulatorUrl);
  await simPage.getByLabel("Seu nome").fill(ANA.name);
  await simPage.getByLabel("Seu telefone").fill(ANA.phone);
  await simPage.getByRole("button", { name: "Começar" }).click();
  await simPage.getByText(`Olá ${ANA.name}, temos novidades para você.`).waitFor();
  await simPage.close();
  delete pages.simulator;

  // The blocked and the switched-off contacts got nothing.
  for (const c of [BETO, CAIO]) {
    const seen = await contactSees(c.phone);
    assert.ok(!seen.some((text) => text.includes("novidades")), `${c.name} got the broadcast: ${JSON.stringify(seen)}`);
  }
});

journey("A7: a broadcast scheduled for tomorrow is paused, resumed and cancelled after 'Sim'; the list shows both", async () => {
  await page.goto(`${server.url}/admin/broadcasts/new`);
  // A name longer than the server keeps: its refusal, under "Nome"; nothing is created.
  const before = (await admin.get("/api/v1/broadcasts")).items.length;
  await fillMessage("Véspera de Natal ".repeat(8));
  await page.getByLabel("Etiqueta", { exact: true }).selectOption({ label: "Dezembro" });
  await page.getByLabel("Agendar", { exact: true }).check();
  await page.getByRole("button", { name: "Enviar transmissão" }).click();
  assert.match(await fieldError("Nome"), /até 120 caracteres/);
  assert.equal((await admin.get("/api/v1/broadcasts")).items.length, before, "nothing was created");
  await page.getByLabel("Nome", { exact: true }).fill("Véspera de Natal");
  await eventually(async () =>
    assert.equal(await page.getByLabel("Nome", { exact: true }).getAttribute("aria-invalid"), null, "changing it clears the refusal"),
  );
  const at = page.getByLabel("Data e hora", { exact: true });
  // A time already past is refused here, before the server.
  await at.fill(localTime(Date.now() - 60 * 60_000));
  await page.getByRole("button", { name: "Enviar transmissão" }).click();
  await page.getByText("Escolha uma data e hora no futuro.").waitFor();
  const tomorrow = Date.now() + 24 * 60 * 60_000;
  await at.fill(localTime(tomorrow));
  await page.getByLabel("Velocidade", { exact: true }).fill("10");
  await page.getByRole("button", { name: "Enviar transmissão" }).click();
  await page.waitForURL(/\/admin\/broadcasts\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split("/").pop());

  const state = (s) => page.locator(`[data-testid=broadcast-progress][data-state=${s}]`);
  await state("scheduled").waitFor();
  await progress().getByText(/^Agendada para /).waitFor();
  await page.getByText("Os destinatários são escolhidos quando a transmissão começa.").waitFor();
  const created = await admin.get(`/api/v1/broadcasts/${id}`);
  assert.equal(created.rate_per_s, 10);
  assert.ok(Math.abs(created.scheduled_at - tomorrow) < 60_000, "scheduled for the time chosen");
  assert.deepEqual(created.values.positional, ["{nome}"]);

  await page.getByRole("button", { name: "Pausar" }).click();
  await state("paused").waitFor();
  await page.getByText("Pausada: nada é enviado até retomar.").waitFor();
  assert.equal((await admin.get(`/api/v1/broadcasts/${id}`)).state, "paused");
  assert.equal(await page.getByRole("button", { name: "Pausar" }).count(), 0);

  await page.getByRole("button", { name: "Retomar" }).click();
  await state("scheduled").waitFor();
  assert.equal((await admin.get(`/api/v1/broadcasts/${id}`)).state, "scheduled");

  // "Cancelar" asks first; "Não" keeps it, "Sim" cancels it for good.
  await page.getByRole("button", { name: "Cancelar", exact: true }).click();
  const confirm = page.getByRole("dialog").filter({ hasText: "Tem certeza que deseja cancelar a transmissão Véspera de Natal?" });
  await confirm.getByRole("button", { name: "Não", exact: true }).click();
  await confirm.waitFor({ state: "detached" });
  assert.equal((await admin.get(`/api/v1/broadcasts/${id}`)).state, "scheduled");
  await page.getByRole("button", { name: "Cancelar", exact: true }).click();
  await confirm.getByRole("button", { name: "Sim", exact: true }).click();
  await confirm.waitFor({ state: "detached" });
  await state("cancelled").waitFor();
  assert.equal((await admin.get(`/api/v1/broadcasts/${id}`)).state, "cancelled");
  assert.equal(await page.getByRole("button", { name: "Retomar" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Cancelar", exact: true }).count(), 0);
  // Nobody received it.
  assert.ok(!(await contactSees(ANA.phone)).some((text) => text.includes("Véspera")));

  // The list: newest first, each with its state and results; a name opens its page.
  await page.getByRole("link", { name: "← Transmissões" }).click();
  const table = page.getByRole("table", { name: "Transmissões" });
  await table.waitFor();
  const rows = page.getByTestId("broadcast-row");
  await eventually(async () => assert.deepEqual(await rows.locator("th").allInnerTexts(), ["Véspera de Natal", "Novidades de dezembro"]));
  const row = (name) => rows.filter({ has: page.getByRole("link", { name, exact: true }) });
  assert.equal(await row("Véspera de Natal").getByTestId("broadcast-state").innerText(), "Cancelada");
  assert.equal(await row("Novidades de dezembro").getByTestId("broadcast-state").innerText(), "Concluída");
  assert.equal(await row("Novidades de dezembro").locator("td[data-col=sent]").innerText(), "1");
  assert.equal(await row("Novidades de dezembro").locator("td[data-col=failed]").innerText(), "0");
  assert.match(await row("Novidades de dezembro").innerText(), new RegExp(`${channel.name}[\\s\\S]*${TEMPLATE}`));
  await shot("broadcast-list.png");
  await assertNoSeriousViolations(page, "Transmissões");
  await row("Novidades de dezembro").getByRole("link", { name: "Novidades de dezembro" }).click();
  await page.locator("[data-testid=broadcast-progress][data-state=done]").waitFor();
});
