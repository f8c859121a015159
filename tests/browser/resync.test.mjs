// L6 in a real browser: after the live connection drops, "Ressincronizar" replays what was missed
// in order — a new message lands in the list and the open conversation, a deleted chat and a chat
// the agent may no longer see leave the list — and the text being typed stays. Played as the demo
// agent (Bruno, "department" visibility, member of Suporte only); the changes are the admin's.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Api, simulatorSay } from "./api.mjs";
import { launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, exactly, expectCount, row, rowNames, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 60_000;
const AGENT = { email: "agente@atende.local", password: "atende-demo" };

let server;
let browser;
let context;
let page;
let admin;
const pages = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
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

test("L6: Ressincronizar brings missed messages, drops deleted and no-longer-visible chats, keeps the draft", { timeout: TEST_TIMEOUT }, () =>
  withScreenshots("resync-visibility", () => pages, async () => {
    const vendas = await admin.post("/api/v1/departments", { name: "Financeiro" });
    await simulatorSay(server.simulatorUrl, "5521922220001", "Rui Repasse", "Quero comprar");
    await simulatorSay(server.simulatorUrl, "5521922220002", "Dora Deletada", "Me apaguem");
    await simulatorSay(server.simulatorUrl, "5521922220003", "Sara Sync", "Primeira");
    const rui = await admin.conversationByPhone("5521922220001");
    const dora = await admin.conversationByPhone("5521922220002");

    await signIn(page, server, AGENT);
    await page.evaluate(() => {
      window.__marker = "never-reloaded";
    });
    await eventually(async () =>
      assert.deepEqual(new Set(await rowNames(page)), new Set(["Rui Repasse", "Dora Deletada", "Sara Sync", "Comunicação interna"])),
    );
    await expectCount(page, "open", 3);

    await row(page, "Sara Sync").locator(".row-main").click();
    const composer = page.locator('[data-testid="conversation-pane"] textarea');
    const draft = "Rascunho que sobrevive ao ressincronizar";
    await composer.fill(draft);

    await page.evaluate(() => window.__atendeRealtime.drop());
    const resync = page.getByRole("button", { name: "Ressincronizar" });
    await resync.waitFor();

    await admin.post(`/api/v1/conversations/${rui.id}/forward`, { department_id: vendas.id });
    await admin.delete(`/api/v1/contacts/${dora.contact.id}`);
    await simulatorSay(server.simulatorUrl, "5521922220003", "Sara Sync", "Enquanto a conexão estava caída");
    await page.waitForTimeout(300);
    assert.equal(await row(page, "Rui Repasse").count(), 1, "nothing changes while the socket is down");
    assert.equal(await row(page, "Dora Deletada").count(), 1, "nothing changes while the socket is down");

    await resync.click();
    await resync.waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => window.__atendeRealtime.reloads()), 0, "replayed, not reloaded");
    await page.locator('[data-testid="conversation-pane"] .bubble-text', { hasText: exactly("Enquanto a conexão estava caída") }).waitFor();
    await row(page, "Sara Sync").locator(".row-preview", { hasText: exactly("Enquanto a conexão estava caída") }).waitFor();
    await row(page, "Rui Repasse").waitFor({ state: "detached" });
    await row(page, "Dora Deletada").waitFor({ state: "detached" });
    await expectCount(page, "open", 1);
    assert.equal(await composer.inputValue(), draft, "the text being typed survived the resync");
    assert.equal(await page.evaluate(() => window.__marker), "never-reloaded", "the page was reloaded");

    // Live (no drop): a chat forwarded away while on screen says it is gone and leaves the list.
    await simulatorSay(server.simulatorUrl, "5521922220004", "Lia Live", "Oi");
    await row(page, "Lia Live").locator(".row-main").click();
    await page.locator(".pane-header", { hasText: "Lia Live" }).waitFor();
    const lia = await admin.conversationByPhone("5521922220004");
    await admin.post(`/api/v1/conversations/${lia.id}/forward`, { department_id: vendas.id });
    await row(page, "Lia Live").waitFor({ state: "detached" });
    await page.getByText("Esta conversa não está mais disponível.").waitFor();
    assert.equal(await composer.count(), 0, "no composer for a chat the agent may not see");
  }));
