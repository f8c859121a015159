// The newcomer journey in a real browser against the real server: an agent logs in, a person plays
// a contact in the simulator, the chat shows up live in the inbox, and they talk. Also internal
// messages (C13) never reaching the contact, the resync after a dropped socket (L6), and the
// message shown when the server cannot be reached.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Api } from "./api.mjs";
import { launchBrowser, startServer, withScreenshots } from "./harness.mjs";

const TEST_TIMEOUT = 60_000;
const WAIT = 20_000;
const INTERNAL_NOTE = "Mensagem interna, não será enviada para o contato";
const UNREACHABLE = "Não foi possível reconectar ao servidor. Verifique sua conexão com a internet.";

let server;
let browser;
let agentContext;
/** The agent's inbox page, kept open across tests: nothing here ever reloads it. */
let agent;
let fullLoads = 0;
const simContexts = [];
const pagesForScreenshots = {};

/** A regular expression matching exactly `text` (after trimming), for text locators. */
const exactly = (text) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);

const row = (name) => agent.locator(".conversation-row", { hasText: name });
const paneBubble = (text) =>
  agent.locator('[data-testid="conversation-pane"] .message', {
    has: agent.locator(".bubble-text", { hasText: exactly(text) }),
  });
const composer = () => agent.locator('[data-testid="conversation-pane"] textarea');

/** Opens the simulator in its own browser context (its own localStorage) and starts as a contact. */
async function openSimulatorAs(name, phone) {
  const context = await browser.newContext({ locale: "pt-BR" });
  context.setDefaultTimeout(WAIT);
  simContexts.push(context);
  const sim = await context.newPage();
  pagesForScreenshots.simulator = sim;
  await sim.goto(server.simulatorUrl);
  await sim.getByLabel("Seu nome").fill(name);
  await sim.getByLabel("Seu telefone").fill(phone);
  await sim.getByRole("button", { name: "Começar" }).click();
  await sim.getByPlaceholder("Mensagem").waitFor();
  return sim;
}

async function simSay(sim, text) {
  await sim.getByPlaceholder("Mensagem").fill(text);
  await sim.getByRole("button", { name: "Enviar" }).click();
  await sim.locator(".sim-message.own .bubble-text", { hasText: exactly(text) }).waitFor();
}

async function assertNoReload() {
  assert.equal(fullLoads, 0, "the inbox page was reloaded");
  assert.equal(await agent.evaluate(() => window.__inboxMarker), "never-reloaded", "the inbox page was reloaded");
}

before(async () => {
  // The newcomer meets the demo's bot first, as a new user does.
  server = await startServer({ chatbot: true });
  browser = await launchBrowser();
  agentContext = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 800 } });
  agentContext.setDefaultTimeout(WAIT);
  agent = await agentContext.newPage();
  pagesForScreenshots.agent = agent;
}, { timeout: TEST_TIMEOUT });

after(async () => {
  for (const c of simContexts) await c.close().catch(() => undefined);
  await agentContext?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test("a newcomer logs in, a contact writes from the simulator and they talk live", { timeout: TEST_TIMEOUT }, () =>
  withScreenshots("newcomer", () => pagesForScreenshots, async () => {
    await agent.goto(`${server.url}/login`);
    await agent.getByLabel("E-mail").fill(server.email);
    await agent.getByLabel("Senha").fill(server.password);
    await agent.getByRole("button", { name: "Entrar" }).click();
    await agent.getByRole("tab", { name: "Todos os chats" }).waitFor();
    assert.equal(new URL(agent.url()).pathname, "/chat");
    await agent.waitForFunction(() => window.__atendeRealtime?.status() === "live");

    // From here on the inbox must never reload: a marker on window would vanish, and "load" would fire.
    await agent.evaluate(() => {
      window.__inboxMarker = "never-reloaded";
    });
    agent.on("load", () => {
      fullLoads += 1;
    });

    const sim = await openSimulatorAs("Maria Newcomer", "5511987650001");
    await simSay(sim, "Oi");
    // The demo's initial flow greets the contact by name and offers its menu (F1, F2).
    await sim.locator(".sim-message.company .bubble-text", { hasText: exactly("Olá, Maria Newcomer! Eu sou a assistente virtual da Demo.") }).waitFor();
    await sim.locator(".sim-message.company .bubble-text", { hasText: exactly("Como podemos ajudar?") }).waitFor();

    // The chat appears in the inbox by itself.
    await row("Maria Newcomer").waitFor();
    await assertNoReload();

    await row("Maria Newcomer").locator(".row-main").click();
    await paneBubble("Oi").waitFor();
    await agent.locator(".pane-header", { hasText: "Maria Newcomer" }).waitFor();

    await composer().fill("Olá! Como posso ajudar?");
    await composer().press("Enter");
    await paneBubble("Olá! Como posso ajudar?").waitFor();
    assert.equal(await composer().inputValue(), "", "the composer is emptied after sending");

    await sim.locator(".sim-message.company .bubble-text", { hasText: exactly("Olá! Como posso ajudar?") }).waitFor();
    await assertNoReload();

    // The rest of this file is about the inbox: the chatbot steps aside.
    const admin = await Api.login(server.url, server.email, server.password);
    await admin.put("/api/v1/flow-settings", { ...(await admin.get("/api/v1/flow-settings")), chatbot_enabled: false });
  }));

test("internal messages show in red in the inbox and never reach the contact", { timeout: TEST_TIMEOUT }, () =>
  withScreenshots("internal", () => pagesForScreenshots, async () => {
    const sim = await openSimulatorAs("João Interno", "5511987650002");
    await simSay(sim, "Preciso de ajuda");
    await row("João Interno").locator(".row-main").click();
    await paneBubble("Preciso de ajuda").waitFor();

    // Through the "Interna?" checkbox: the send button turns red.
    const checkbox = agent.getByLabel("Interna?");
    const send = agent.locator('[data-testid="conversation-pane"]').getByRole("button", { name: "Enviar" });
    await checkbox.check();
    await composer().fill("Nota pelo checkbox");
    assert.equal(
      await send.evaluate((b) => getComputedStyle(b).backgroundColor),
      "rgb(198, 40, 40)",
      "the send button is red while Interna? is checked",
    );
    await send.click();
    const byCheckbox = paneBubble("Nota pelo checkbox");
    await byCheckbox.waitFor();
    await checkNoteIsRed(byCheckbox);
    await checkbox.uncheck();

    // Through the /interna command, typed as is; the server does the parsing.
    await composer().fill("/interna Nota pelo comando");
    await composer().press("Enter");
    const byCommand = agent.locator('[data-testid="conversation-pane"] .message', { hasText: "Nota pelo comando" });
    await byCommand.waitFor();
    await checkNoteIsRed(byCommand);

    // A public answer sent after both is the barrier: once it arrived, the internal ones would have too.
    await composer().fill("Resposta pública");
    await composer().press("Enter");
    await sim.locator(".sim-message.company .bubble-text", { hasText: exactly("Resposta pública") }).waitFor();
    const simText = await sim.locator(".sim-messages").innerText();
    assert.ok(!simText.includes("Nota pelo checkbox"), "the checkbox internal message reached the contact");
    assert.ok(!simText.includes("Nota pelo comando"), "the /interna message reached the contact");
    assert.ok(!simText.includes("/interna"), "the /interna command reached the contact");
    // And after a fresh load of the simulator too (its history comes from the API).
    await sim.reload();
    await sim.locator(".sim-message.company .bubble-text", { hasText: exactly("Resposta pública") }).waitFor();
    const reloaded = await sim.locator(".sim-messages").innerText();
    assert.ok(!reloaded.includes("Nota pelo"), "an internal message is in the contact's history");
    await assertNoReload();
  }));

async function checkNoteIsRed(bubble) {
  await bubble.locator(".internal-note", { hasText: INTERNAL_NOTE }).waitFor();
  const color = await bubble.locator(".internal-note").evaluate((el) => getComputedStyle(el).color);
  assert.equal(color, "rgb(198, 40, 40)", "the internal notice is red");
  const bg = await bubble.locator(".bubble").evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, "rgb(253, 236, 234)", "the internal bubble is red-tinted");
}

test("after the socket drops, Ressincronizar brings the missed message and keeps the typed text", { timeout: TEST_TIMEOUT }, () =>
  withScreenshots("resync", () => pagesForScreenshots, async () => {
    const sim = await openSimulatorAs("Rita Resync", "5511987650003");
    await simSay(sim, "Primeira mensagem");
    await row("Rita Resync").locator(".row-main").click();
    await paneBubble("Primeira mensagem").waitFor();

    const draft = "Rascunho que não pode sumir";
    await composer().fill(draft);

    await agent.evaluate(() => window.__atendeRealtime.drop());
    const resync = agent.getByRole("button", { name: "Ressincronizar" });
    await resync.waitFor();

    await simSay(sim, "Mensagem perdida");
    // With the socket down, nothing can have arrived yet.
    assert.equal(await paneBubble("Mensagem perdida").count(), 0, "a message arrived while the socket was down");

    await resync.click();
    await paneBubble("Mensagem perdida").waitFor();
    await row("Rita Resync").locator(".row-preview", { hasText: exactly("Mensagem perdida") }).waitFor();
    await resync.waitFor({ state: "detached" });
    assert.equal(await composer().inputValue(), draft, "the text being typed survived the resync");
    assert.equal(await agent.evaluate(() => window.__atendeRealtime.status()), "live");

    // And the live stream carries on after the resync.
    await simSay(sim, "Depois do resync");
    await paneBubble("Depois do resync").waitFor();
    assert.equal(await composer().inputValue(), draft, "the text being typed survived a live update");
    await assertNoReload();
  }));

test("when the server is gone, Ressincronizar says it cannot reconnect", { timeout: TEST_TIMEOUT }, () =>
  withScreenshots("unreachable", () => pagesForScreenshots, async () => {
    await server.stop();
    const resync = agent.getByRole("button", { name: "Ressincronizar" });
    await resync.waitFor();
    await resync.click();
    await agent.getByText(UNREACHABLE, { exact: true }).waitFor();
    await assertNoReload();
  }));
