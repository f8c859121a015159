// L6 when too much was missed to replay: the server answers reload_needed, and the list, the
// counts and the open conversation are fetched again in place — no page reload, draft kept.
// The server keeps a replay window of 2 events here.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Api, simulatorSay } from "./api.mjs";
import { launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, exactly, expectCount, row, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 60_000;

let server;
let browser;
let context;
let page;
const pages = {};

before(async () => {
  server = await startServer({ env: { ATENDE_EVENT_REPLAY_LIMIT: "2" } });
  browser = await launchBrowser();
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(WAIT);
  page = await context.newPage();
  pages.agent = page;
}, { timeout: TEST_TIMEOUT });

after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test("L6: past the replay window, Ressincronizar refetches the list and the conversation in place", { timeout: TEST_TIMEOUT }, () =>
  withScreenshots("resync-reload", () => pages, async () => {
    const admin = await Api.login(server.url, server.email, server.password);
    await simulatorSay(server.simulatorUrl, "5521933330001", "Rita Reload", "Oi");
    await signIn(page, server);
    await page.evaluate(() => {
      window.__marker = "never-reloaded";
    });
    await row(page, "Rita Reload").locator(".row-main").click();
    const composer = page.locator('[data-testid="conversation-pane"] textarea');
    await composer.fill("Texto em andamento");

    await page.evaluate(() => window.__atendeRealtime.drop());
    const resync = page.getByRole("button", { name: "Ressincronizar" });
    await resync.waitFor();
    for (let i = 1; i <= 3; i++) await simulatorSay(server.simulatorUrl, "5521933330001", "Rita Reload", `Perdida ${i}`);
    for (let i = 1; i <= 2; i++) await simulatorSay(server.simulatorUrl, `552193333001${i}`, `Novo ${i}`, "Olá");
    const rita = await admin.conversationByPhone("5521933330001");
    await admin.post(`/api/v1/conversations/${rita.id}/assign`, { agent_id: admin.me.user.id });

    await resync.click();
    await resync.waitFor({ state: "detached" });
    await eventually(async () =>
      assert.equal(await page.evaluate(() => window.__atendeRealtime.reloads()), 1, "the server asked for a reload"),
    );
    await page.locator('[data-testid="conversation-pane"] .bubble-text', { hasText: exactly("Perdida 3") }).waitFor();
    await row(page, "Novo 2").waitFor();
    await expectCount(page, "mine", 1);
    await page.locator(".pane-header", { hasText: "Agente: Ana Demo" }).waitFor();
    assert.equal(await composer.inputValue(), "Texto em andamento");
    assert.equal(await page.evaluate(() => window.__marker), "never-reloaded");
  }));
