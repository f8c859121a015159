// Accessibility of the agent app (issue 12's quality bar): an axe-core scan of the list, the open
// conversation with its composer modes, the settings panel, the closing dialog and every other
// dialog, "Meu Perfil" and the phone layout finds no serious or critical violation; the list is
// usable by keyboard with a visible focus, and so are the composer's suggestions.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Api, simulatorSay } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
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
      await p.getByRole("link", { name: "Abrir configurações do chat" }).click();
      await p.getByTestId("settings-panel").getByTestId("section-info").waitFor();
      await assertNoSeriousViolations(p, "the phone settings panel");
    } finally {
      await phone.close();
    }
  }));

test("axe: the settings panel, the closing dialog, the composer's template mode and dialogs, Meu Perfil", { timeout: TEST_TIMEOUT }, () =>
  withScreenshots("a11y-settings", () => pages, async () => {
    const admin = await Api.login(server.url, server.email, server.password);
    const channel = (await admin.get("/api/v1/channels")).items.find((c) => c.kind === "simulator");
    await admin.post(`/api/v1/channels/${channel.id}/templates`, {
      name: "aviso_a11y",
      language: "pt_BR",
      category: "utility",
      components: [{ type: "BODY", text: "Olá {{1}}!" }],
    });
    const motivo = await admin.post("/api/v1/custom-fields", { key: "motivo", label: "Motivo", kind: "list", options: ["Resolvido"] });
    await admin.put("/api/v1/closing-fields", { items: [{ field_id: motivo.id, required: false }] });
    const ana = await admin.conversationByPhone("5521944440001");
    await admin.post(`/api/v1/contacts/${ana.contact.id}/notes`, { text: "Cliente antigo", date: "10/01/2030" });

    await page.goto(`${server.url}/chat/${ana.id}/settings`);
    await page.getByTestId("settings-panel").getByTestId("section-notes").getByText("Cliente antigo").waitFor();
    await assertNoSeriousViolations(page, "the settings panel");

    await page.getByTestId("settings-panel").getByRole("button", { name: "Editar dados" }).click();
    await page.getByTestId("edit-contact-dialog").getByLabel("CPF").waitFor();
    await assertNoSeriousViolations(page, "Editar dados");
    await page.keyboard.press("Escape");
    await page.getByTestId("settings-panel").getByRole("button", { name: "Agendar nova mensagem" }).click();
    await page.getByTestId("schedule-dialog").getByLabel("Mensagem template").selectOption({ label: "aviso_a11y · Utilidade" });
    await assertNoSeriousViolations(page, "Agendar nova mensagem");
    await page.keyboard.press("Escape");
    await page.getByTestId("settings-panel").getByRole("button", { name: "Adicionar observação" }).click();
    await page.getByTestId("note-dialog").getByLabel("Texto").waitFor();
    await assertNoSeriousViolations(page, "Adicionar observação");
    await page.keyboard.press("Escape");

    await page.locator(".pane-header").getByRole("button", { name: "Encerrar atendimento" }).click();
    const close = page.getByTestId("close-dialog");
    await close.getByLabel("Tempo de encerramento").fill("10");
    await close.getByLabel("Excluir valor atual").waitFor();
    await assertNoSeriousViolations(page, "the closing dialog");
    await page.keyboard.press("Escape");
    await close.waitFor({ state: "detached" });

    const pane = page.getByTestId("conversation-pane");
    await pane.getByLabel("Template?").check();
    await pane.getByRole("radio", { name: /aviso_a11y/ }).check();
    await pane.getByTestId("template-preview").or(pane.getByText("Olá {{1}}!")).first().waitFor();
    await assertNoSeriousViolations(page, "the composer's template mode");
    await pane.getByLabel("Template?").uncheck();

    // The composer's suggestions, by keyboard.
    const text = pane.locator("textarea");
    await text.click();
    await text.pressSequentially("{");
    await pane.getByRole("listbox", { name: "Variáveis" }).waitFor();
    await assertNoSeriousViolations(page, "the variable suggestions");
    await text.press("ArrowDown");
    assert.equal(await pane.getByRole("option", { selected: true }).innerText(), "{telefone} Telefone");
    await text.press("Escape");
    await pane.getByRole("listbox").waitFor({ state: "detached" });
    await text.fill("");

    await pane.getByRole("button", { name: "Anexar" }).click();
    await page.getByRole("menuitem", { name: "Contato" }).click();
    await page.getByTestId("contact-card-dialog").getByLabel("Nome do contato").waitFor();
    await assertNoSeriousViolations(page, "Enviar contato");
    await page.keyboard.press("Escape");

    await page.goto(`${server.url}/profile`);
    await page.getByRole("heading", { name: "Meu Perfil" }).waitFor();
    await page.getByText("Código de Suporte", { exact: true }).first().waitFor();
    await assertNoSeriousViolations(page, "Meu Perfil");
    await page.getByTestId("user-name").click();
    await page.getByTestId("support-code").waitFor();
    await assertNoSeriousViolations(page, "the user menu with the support code");
    await page.keyboard.press("Escape");
  }));
