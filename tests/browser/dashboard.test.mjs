// The "Painel" (/admin/dashboard) in a real browser, as the admin in Portuguese. Three simulator
// contacts write; the admin answers one through the API and closes it. "Configurações" lists
// "Painel" first; the page opens on "Hoje" and its cards show what GET /api/v1/dashboard says
// for the same period (read through the API, never the demo's totals by heart), and again after
// "7 dias" and "30 dias" (the period in the URL); the day charts are drawn (an svg) with their
// hidden table of one row per day; "Tempo de primeira resposta" lists the admin; "Mensagens por
// canal" the simulator; the queue card says how long the oldest has waited. The demo agent is
// told it is for admins only (and the API answers 403). Axe on the page; screenshots of a desktop
// and a phone. Campaigns are left to the server's test: no REST call sets a contact's campaign
// (it comes from a Meta ad's referral).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Api, simulatorSay } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 120_000;
const DEMO_AGENT = { email: "agente@atende.local", password: "atende-demo" };
const CONTACTS = [
  { name: "Dora Dashboard", phone: "5521955556001" },
  { name: "Edu Espera", phone: "5521955556002" },
  { name: "Fabi Fila", phone: "5521955556003" },
];
const PERIOD_DAYS = { today: 1, "7d": 7, "30d": 30 };

let server;
let browser;
let admin;
let context;
let page;
const extraContexts = [];
const pages = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  for (const c of CONTACTS) await simulatorSay(server.simulatorUrl, c.phone, c.name, "Oi, preciso de ajuda");
  // The admin answers Dora (a first response by a person) and closes her service (a service time).
  const dora = await admin.conversationByPhone(CONTACTS[0].phone);
  await admin.post(`/api/v1/conversations/${dora.id}/messages`, { text: "Olá Dora, como posso ajudar?" });
  await admin.post(`/api/v1/conversations/${dora.id}/close`, {});

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

const n = (v) => v.toLocaleString("pt-BR");
const card = (key) => page.getByTestId(`figure-${key}`);
const cardValue = (key) => card(key).locator(".dashboard-card-value").innerText();

/** The server's dashboard for `period`, as the page asks for it. */
const dashboard = (period) => admin.get(`/api/v1/dashboard?period=${period}`);

/** Waits until the page shows `period`'s own figures (not the previous period's, kept while loading). */
async function showing(period) {
  await page.locator(`[data-testid=dashboard][data-period="${period}"]`).waitFor();
}

/** The four cards agree with the server's figures for `period`. */
async function cardsAgree(period) {
  const view = await dashboard(period);
  await eventually(async () => {
    assert.equal(await cardValue("contacts_served"), n(view.contacts_served), `Contatos atendidos (${period})`);
    assert.equal(await cardValue("services_opened"), n(view.services_opened), `Atendimentos abertos (${period})`);
    assert.equal(await cardValue("services_closed"), n(view.services_closed), `Atendimentos encerrados (${period})`);
    assert.equal(await cardValue("waiting"), n(view.waiting.total), `Na fila agora (${period})`);
  });
  return view;
}

/** Both day charts are drawn, with a hidden table of one row per local day. */
async function chartsDrawn(view) {
  for (const id of ["messages", "services"]) {
    const chart = page.getByTestId(`chart-${id}`);
    await chart.locator("svg.recharts-surface").first().waitFor();
    await eventually(async () => assert.ok((await chart.locator(".recharts-bar-rectangle").count()) > 0, `bars in ${id}`));
    assert.equal(await chart.locator("table tbody tr").count(), view.days.length, `one hidden row per day in ${id}`);
  }
}

/** The screenshot the review looks at, the page's whole height (its card scrolls inside the window). */
async function shot(name, width) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.setViewportSize({ width, height: 900 });
  const height = await page.evaluate(() => document.querySelector(".profile-card")?.scrollHeight ?? 0);
  await page.setViewportSize({ width, height: Math.max(900, height + 120) });
  await page.waitForTimeout(300); // the charts follow their new width
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

journey("Painel: first on Configurações; the cards agree with the API for Hoje, 7 dias and 30 dias; charts and tables", async () => {
  await page.goto(`${server.url}/admin`);
  const nav = page.getByRole("navigation", { name: "Configurações" });
  await nav.getByRole("link", { name: /^Painel/ }).waitFor();
  const titles = await nav.locator(".admin-link-title").allInnerTexts();
  assert.equal(titles[0], "Painel", "Painel comes first");
  await nav.getByRole("link", { name: /^Painel/ }).click();
  await page.getByRole("heading", { name: "Painel", exact: true }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/dashboard");

  // "Hoje" is the one chosen at first.
  const periods = page.getByRole("group", { name: "Período" });
  assert.equal(await periods.getByRole("button", { name: "Hoje" }).getAttribute("aria-pressed"), "true");
  await showing("today");
  const today = await cardsAgree("today");
  // The demo traffic above is in today's figures: three contacts wrote, one was closed.
  assert.ok(today.contacts_served >= CONTACTS.length, "the three contacts were served today");
  assert.ok(today.services_closed >= 1, "Dora's service was closed today");
  assert.ok(today.waiting.total >= 2, "Edu and Fabi wait");
  // The queue card says how long the oldest has waited (they wrote seconds ago).
  await card("waiting").getByText(/^mais antigo há /).waitFor();
  await chartsDrawn(today);

  for (const period of ["7d", "30d"]) {
    const label = period === "7d" ? "7 dias" : "30 dias";
    await periods.getByRole("button", { name: label }).click();
    await showing(period);
    assert.equal(new URL(page.url()).searchParams.get("period"), period);
    assert.equal(await periods.getByRole("button", { name: label }).getAttribute("aria-pressed"), "true");
    const view = await cardsAgree(period);
    assert.equal(view.days.length, PERIOD_DAYS[period]);
    await chartsDrawn(view);
    await page.getByTestId("dashboard-range").getByText(new RegExp(`fuso ${view.timezone.replace(/[/+]/g, "\\$&")}`)).waitFor();
  }

  // "Tempo de primeira resposta" lists the admin, who answered Dora, with the server's count.
  const view = await dashboard("30d");
  const me = view.first_response.by_agent.find((r) => r.who?.id === admin.me.user.id);
  assert.ok(me, "the API counts the admin's first response");
  const firstResponse = page.getByRole("region", { name: "Tempo de primeira resposta" });
  const adminRow = firstResponse.getByTestId("first-response-agents").getByRole("row", { name: new RegExp(admin.me.user.name) });
  await adminRow.waitFor();
  assert.equal(await adminRow.locator("td").first().innerText(), n(me.stat.count));
  assert.match(await adminRow.locator("td").nth(1).innerText(), /^(< 1 s|\d+ s|\d+ min \d\d s|\d+ h \d\d min|—)$/);
  // "Tempo de atendimento" has Dora's closed service; "Mensagens por canal" the simulator's.
  await page.getByRole("region", { name: "Tempo de atendimento" }).getByTestId("service-time-overall").getByText(/^Geral: mediana /).waitFor();
  const channels = page.getByRole("table", { name: "Mensagens por canal" });
  for (const c of view.messages_by_channel.filter((r) => r.inbound + r.outbound > 0)) {
    const row = channels.getByRole("row", { name: new RegExp(c.channel.name) });
    assert.deepEqual(await row.locator("td").allInnerTexts(), [n(c.inbound), n(c.outbound)]);
  }
  // No campaign here (none can be set through the API): its empty state in Portuguese.
  if (view.campaigns.length === 0) {
    await page.getByRole("region", { name: "Campanhas" }).getByText("Nenhum contato de campanha atendido no período.").waitFor();
  }

  // A reload keeps the period (it is in the URL).
  await page.reload();
  await showing("30d");
  await cardsAgree("30d");

  await assertNoSeriousViolations(page, "the dashboard");
  await shot("dashboard-desktop.png", 1280);
  await shot("dashboard-phone.png", 390);
  // On a phone the cards stack two by two.
  await page.setViewportSize({ width: 390, height: 844 });
  const boxes = await Promise.all(["contacts_served", "services_opened", "services_closed"].map((k) => card(k).boundingBox()));
  assert.equal(Math.round(boxes[0].y), Math.round(boxes[1].y), "two cards side by side");
  assert.ok(boxes[2].y > boxes[0].y, "the third below");
  await assertNoSeriousViolations(page, "the dashboard on a phone");
  await page.setViewportSize({ width: 1280, height: 900 });
});

journey("Painel: the demo agent is told it is for admins only", async () => {
  const agentApi = await Api.login(server.url, DEMO_AGENT.email, DEMO_AGENT.password);
  await assert.rejects(agentApi.get("/api/v1/dashboard?period=today"), /: 403 /);

  const agent = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 } });
  extraContexts.push(agent);
  agent.setDefaultTimeout(WAIT);
  const agentPage = await agent.newPage();
  pages.agent = agentPage;
  await signIn(agentPage, server, DEMO_AGENT);
  const asked = [];
  agentPage.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/v1/dashboard") asked.push(r.url());
  });
  await agentPage.goto(`${server.url}/admin/dashboard`);
  await agentPage.getByTestId("admin-only").getByText("Esta área é apenas para administradores.").waitFor();
  assert.equal(await agentPage.getByTestId("dashboard").count(), 0);
  assert.deepEqual(asked, [], "the page does not ask the server for the agent");
});
