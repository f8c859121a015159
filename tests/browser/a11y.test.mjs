// Accessibility of the list's screens (issue 12's quality bar): an axe-core scan of the list, the
// open conversation, the filters and "Novo chat" dialogs and the phone layout finds no serious or
// critical violation; the list is usable by keyboard with a visible focus.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AxeBuilder } from "@axe-core/playwright";
import { Api, simulatorSay } from "./api.mjs";
import { launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, row, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 90_000;

let server;
let browser;
let context;
let page;
const pages = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = await Api.login(server.url, server.email, server.password);
  await simulatorSay(server.simulatorUrl, "5521944440001", "Ana Acessível", "Oi");
  await simulatorSay(server.simulatorUrl, "5521944440002", "Beto Bloqueado", "Olá");
  const beto = await admin.conversationByPhone("5521944440002");
  await admin.post(`/api/v1/contacts/${beto.contact.id}/block`);
  await admin.post(`/api/v1/conversations/${beto.id}/forward`, { department_id: 1 });
  const ana = await admin.conversationByPhone("5521944440001");
  await admin.post(`/api/v1/conversations/${ana.id}/assign`, { agent_id: admin.me.user.id });
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(WAIT);
  page = await context.newPage();
  pages.desktop = page;
  await signIn(page, server);
}, { timeout: TEST_TIMEOUT });

after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

/** Fails with the list of serious and critical violations on what `p` shows now. */
async function assertNoSeriousViolations(p, label) {
  const { violations } = await new AxeBuilder({ page: p }).analyze();
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    [],
    `axe found serious or critical violations on ${label}`,
  );
}

test("axe: the list, the conversation, the filters and Novo chat have no serious violation", { timeout: TEST_TIMEOUT }, () =>
  withScreenshots("a11y-desktop", () => pages, async () => {
    await row(page, "Beto Bloqueado").waitFor();
    await assertNoSeriousViolations(page, "the list");
    await row(page, "Ana Acessível").locator(".row-main").click();
    await page.locator(".pane-header", { hasText: "Ana Acessível" }).waitFor();
    await assertNoSeriousViolations(page, "the open conversation");
    await page.getByRole("button", { name: /^Filtros/ }).click();
    await page.getByTestId("filters-dialog").getByLabel("Etiqueta").waitFor();
    await assertNoSeriousViolations(page, "the filters dialog");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Novo chat" }).click();
    await page.getByTestId("new-chat-dialog").getByLabel("Nome do cliente").waitFor();
    await assertNoSeriousViolations(page, "Novo chat");
    await page.keyboard.press("Escape");
  }));

test("keyboard: Tab reaches the list, arrows move between rows, Enter opens one, focus is visible", { timeout: TEST_TIMEOUT }, () =>
  withScreenshots("a11y-keyboard", () => pages, async () => {
    await page.goto(`${server.url}/chat`);
    await row(page, "Ana Acessível").waitFor();
    await page.getByLabel("Buscar chat").focus();
    // Search → order → Filtros → Novo chat → chips (none) → first row.
    for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
    const focused = () => page.evaluate(() => document.activeElement?.closest(".conversation-row")?.querySelector(".row-name")?.textContent);
    assert.equal(await focused(), "Beto Bloqueado");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, "none", "the focused row shows its focus");
    await page.keyboard.press("ArrowDown");
    assert.equal(await focused(), "Ana Acessível");
    await page.keyboard.press("Enter");
    await page.locator(".pane-header", { hasText: "Ana Acessível" }).waitFor();
    // The row's menu opens from the keyboard and Esc gives the focus back.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Marcar como não lido" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("menuitem").waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Mais opções");
  }));

test("axe: the phone layout (390×844), list and conversation", { timeout: TEST_TIMEOUT }, () =>
  withScreenshots("a11y-phone", () => pages, async () => {
    const phone = await browser.newContext({ locale: "pt-BR", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(WAIT);
    try {
      const p = await phone.newPage();
      pages.phone = p;
      await signIn(p, server);
      await row(p, "Ana Acessível").waitFor();
      await assertNoSeriousViolations(p, "the phone list");
      await row(p, "Ana Acessível").locator(".row-main").click();
      await p.locator(".pane-header", { hasText: "Ana Acessível" }).waitFor();
      await assertNoSeriousViolations(p, "the phone conversation");
    } finally {
      await phone.close();
    }
  }));
