// The conversation list in a real browser against the real server (issue 12, L1–L14, S17, A5):
// views with live counts, combinable filters, the four orders, search, tags and icons, read and
// unread, media previews, the internal shortcut, the deep link, Novo chat with its template
// preview, back/forward over the list's URL, and the phone layout. One server and one browser
// for the file; the contacts are played through the simulator, the setup done through the API.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Api, simulatorSay } from "./api.mjs";
import { launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, exactly, expectCount, row, rowNames, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 60_000;

let server;
let browser;
let admin;
let simulatorChannel;
let context;
let page;
const pages = {};

/** Contacts of this file: name → phone. Each writes once in before(). */
const PEOPLE = {
  "Alice Aberta": "5521911110001",
  "Bruno Busca": "5521911110002",
  "Carla Cliente": "5521911110003",
  "Davi Departamento": "5521911110004",
};
const chats = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  simulatorChannel = (await admin.get("/api/v1/channels")).items.find((c) => c.kind === "simulator");
  for (const [name, phone] of Object.entries(PEOPLE)) {
    await simulatorSay(server.simulatorUrl, phone, name, `Olá, aqui é ${name.split(" ")[0]}`);
    chats[name] = await admin.conversationByPhone(phone);
  }
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

let previousFailed = false;
/** A test of this file; after a failed one the next starts from a fresh /chat, not its leftovers. */
const journey = (name, fn) =>
  test(name, { timeout: TEST_TIMEOUT }, async () => {
    if (previousFailed) {
      await page.goto(`${server.url}/chat`);
      await page.waitForFunction(() => window.__atendeRealtime?.status() === "live");
    }
    previousFailed = true;
    await withScreenshots(name, () => pages, fn);
    previousFailed = false;
  });

const listEmpty = () => page.getByTestId("conversation-list").getByTestId("empty-state");

journey("L1: the four views show their chats and live counts", async () => {
  await expectCount(page, "all", 4);
  await expectCount(page, "open", 4);
  await expectCount(page, "mine", 0);
  await expectCount(page, "in_service", 0);

  // An assignment made elsewhere moves the counts and the rows without a reload.
  await admin.post(`/api/v1/conversations/${chats["Alice Aberta"].id}/assign`, { agent_id: admin.me.user.id });
  await expectCount(page, "mine", 1);
  await expectCount(page, "in_service", 1);
  // A new contact writing adds to All and Open live, and nothing but the counts is asked again.
  const asked = [];
  const onRequest = (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith("/api/v1/conversations")) asked.push(path);
  };
  page.on("request", onRequest);
  await simulatorSay(server.simulatorUrl, "5521911110009", "Nina Nova", "Cheguei agora");
  await row(page, "Nina Nova").waitFor();
  await expectCount(page, "all", 5);
  await expectCount(page, "open", 4);
  page.off("request", onRequest);
  assert.deepEqual(
    asked.filter((path) => path !== "/api/v1/conversations/counts"),
    [],
    "a live event refetched the list or a conversation",
  );

  await page.getByRole("tab", { name: /Meus chats/ }).click();
  assert.equal(new URL(page.url()).searchParams.get("view"), "mine");
  await eventually(async () => assert.deepEqual(await rowNames(page), ["Alice Aberta"]));
  await page.getByRole("tab", { name: /Em atendimento/ }).click();
  await eventually(async () => assert.deepEqual(await rowNames(page), ["Alice Aberta"]));
  await page.getByRole("tab", { name: /Chats abertos/ }).click();
  await eventually(async () =>
    assert.deepEqual(new Set(await rowNames(page)), new Set(["Bruno Busca", "Carla Cliente", "Davi Departamento", "Nina Nova"])),
  );
  // Back and forward walk the views (the view is in the URL).
  await page.goBack();
  await eventually(async () => assert.equal(new URL(page.url()).searchParams.get("view"), "in_service"));
  await page.goForward();
  await eventually(async () => assert.equal(new URL(page.url()).searchParams.get("view"), "open"));
  await page.getByRole("tab", { name: /Todos os chats/ }).click();
  await row(page, "Comunicação interna").waitFor();
});

journey("L2: tag, department, agent, channel and unread filters combine, and Limpar filtros clears them", async () => {
  const vip = await admin.post("/api/v1/tags", { name: "VIP" });
  await admin.post(`/api/v1/contacts/${chats["Davi Departamento"].contact.id}/tags`, { tag_id: vip.id });
  await admin.post(`/api/v1/contacts/${chats["Carla Cliente"].contact.id}/tags`, { tag_id: vip.id });
  await admin.post(`/api/v1/conversations/${chats["Davi Departamento"].id}/forward`, { department_id: 1 });
  // Carla's chat is read, the others stay unread.
  await admin.post(`/api/v1/conversations/${chats["Carla Cliente"].id}/read`);

  await page.getByRole("button", { name: /^Filtros/ }).click();
  const dialog = page.getByTestId("filters-dialog");
  await dialog.getByLabel("Etiqueta").selectOption({ label: "VIP" });
  await eventually(async () => assert.deepEqual(new Set(await rowNames(page)), new Set(["Carla Cliente", "Davi Departamento"])));
  await dialog.getByLabel("Departamento").selectOption({ label: "Suporte" });
  await eventually(async () => assert.deepEqual(await rowNames(page), ["Davi Departamento"]));
  await dialog.getByLabel("Departamento").selectOption({ label: "Todos" });
  await dialog.getByLabel("Não visualizadas").check();
  await eventually(async () => assert.deepEqual(await rowNames(page), ["Davi Departamento"]));
  await dialog.getByLabel("Canal").selectOption({ label: "WhatsApp" });
  await listEmpty().waitFor();
  await dialog.getByLabel("Canal").selectOption({ label: "Simulador" });
  await eventually(async () => assert.deepEqual(await rowNames(page), ["Davi Departamento"]));
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });

  // The combination is in the URL and shown as chips; one chip's × removes that filter alone.
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("tag"), String(vip.id));
  assert.equal(url.searchParams.get("unread"), "true");
  assert.equal(url.searchParams.get("channel"), "simulator");
  const chips = page.getByTestId("active-filters");
  await chips.getByText("Etiqueta: VIP").waitFor();
  await chips.getByRole("button", { name: "Remover filtro Não visualizadas" }).click();
  await eventually(async () => assert.deepEqual(new Set(await rowNames(page)), new Set(["Carla Cliente", "Davi Departamento"])));

  // A live change that takes a chat out of the filter takes it out of the list.
  await page.getByRole("button", { name: /^Filtros/ }).click();
  await dialog.getByLabel("Agente").selectOption({ label: "Ana Demo" });
  await listEmpty().waitFor();
  await admin.post(`/api/v1/conversations/${chats["Carla Cliente"].id}/assign`, { agent_id: admin.me.user.id });
  await eventually(async () => assert.deepEqual(await rowNames(page), ["Carla Cliente"]));
  await dialog.getByRole("button", { name: "Limpar filtros" }).click();
  await dialog.getByRole("button", { name: "Pronto" }).click();
  await row(page, "Comunicação interna").waitFor();
  assert.equal(new URL(page.url()).search, "");
});

journey("L3: the four orders, oldest opening first being the FIFO queue", async () => {
  await page.getByRole("tab", { name: /Chats abertos/ }).click();
  // Bruno writes again: the newest message, but the oldest opening among the open chats.
  await simulatorSay(server.simulatorUrl, PEOPLE["Bruno Busca"], "Bruno Busca", "Ainda estou esperando");
  const sort = page.getByLabel("Ordenação");
  await eventually(async () => assert.equal((await rowNames(page))[0], "Bruno Busca", "Mais recente: newest message first"));
  await sort.selectOption({ label: "Mais antiga" });
  await eventually(async () => assert.equal((await rowNames(page)).at(-1), "Bruno Busca", "Mais antiga: newest message last"));
  await sort.selectOption({ label: "Abertura mais antiga" });
  await eventually(async () => assert.deepEqual(await rowNames(page), ["Bruno Busca", "Davi Departamento", "Nina Nova"]));
  await sort.selectOption({ label: "Abertura mais recente" });
  await eventually(async () => assert.deepEqual(await rowNames(page), ["Nina Nova", "Davi Departamento", "Bruno Busca"]));
  assert.equal(new URL(page.url()).searchParams.get("sort"), "opening_recent");
  await sort.selectOption({ label: "Mais recente" });
  await page.getByRole("tab", { name: /Todos os chats/ }).click();
});

journey("L4: search finds active chats by name, phone or protocol", async () => {
  const search = page.getByLabel("Buscar chat");
  await search.fill("busca");
  await eventually(async () => assert.deepEqual(await rowNames(page), ["Bruno Busca"]));
  await search.fill("1111-0003");
  await eventually(async () => assert.deepEqual(await rowNames(page), ["Carla Cliente"]));
  const protocol = (await admin.get(`/api/v1/conversations/${chats["Davi Departamento"].id}`)).protocol;
  await search.fill(protocol);
  await eventually(async () => assert.deepEqual(await rowNames(page), ["Davi Departamento"]));
  assert.equal(new URL(page.url()).searchParams.get("q"), protocol);
  // A closed chat's protocol is not found.
  await admin.post(`/api/v1/conversations/${chats["Davi Departamento"].id}/close`, {});
  await listEmpty().waitFor();
  await search.fill("");
  await row(page, "Comunicação interna").waitFor();
});

journey("L7, L9, L11, S17: department tag, agent icon named on hover, channel icon, lock on a blocked contact", async () => {
  await admin.post(`/api/v1/conversations/${chats["Bruno Busca"].id}/forward`, { department_id: 1 });
  await admin.post(`/api/v1/contacts/${chats["Nina Nova"]?.contact?.id ?? (await admin.conversationByPhone("5521911110009")).contact.id}/block`);
  const bruno = row(page, "Bruno Busca");
  await bruno.locator(".tag-department", { hasText: "Suporte" }).waitFor();
  const alice = row(page, "Alice Aberta");
  const agent = alice.locator(".row-agent");
  await agent.hover();
  assert.equal(await agent.getAttribute("title"), "Agente: Ana Demo");
  assert.equal(await alice.locator(".channel-icon").getAttribute("data-channel"), "simulator");
  assert.match(await alice.locator(".channel-icon").getAttribute("title"), /^Simulador/);
  await row(page, "Nina Nova").locator(".row-lock[title='Contato bloqueado']").waitFor();
  assert.equal(await alice.locator(".row-lock").count(), 0);
  // Closing takes the department tag away (L7).
  await admin.post(`/api/v1/conversations/${chats["Bruno Busca"].id}/close`, {});
  await bruno.locator(".tag-department").waitFor({ state: "detached" });
});

journey("L12: opening a chat reads it; Marcar como não lido sets it back for everyone", async () => {
  await simulatorSay(server.simulatorUrl, PEOPLE["Alice Aberta"], "Alice Aberta", "Mensagem nova");
  const alice = row(page, "Alice Aberta");
  await alice.locator(".row-read.unread").waitFor();
  await alice.locator(".row-main").click();
  await alice.locator(".row-read:not(.unread)").waitFor();
  await eventually(async () => assert.equal((await admin.get(`/api/v1/conversations/${chats["Alice Aberta"].id}`)).unread, false));

  await alice.getByRole("button", { name: "Mais opções" }).click();
  await page.getByRole("menuitem", { name: "Marcar como não lido" }).click();
  await alice.locator(".row-read.unread").waitFor();
  await eventually(async () => assert.equal((await admin.get(`/api/v1/conversations/${chats["Alice Aberta"].id}`)).unread, true));
  // Staying on the open chat does not read it again by itself.
  await page.waitForTimeout(500);
  assert.equal(await alice.locator(".row-read.unread").count(), 1);
  await page.goto(`${server.url}/chat`);
  await row(page, "Alice Aberta").locator(".row-read.unread").waitFor();
  await page.waitForFunction(() => window.__atendeRealtime?.status() === "live");
});

journey("a media message shows its preview in the list, not an empty line", async () => {
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  );
  const form = new FormData();
  form.append("file", new Blob([png], { type: "image/png" }), "foto.png");
  await admin.request("POST", `/api/v1/conversations/${chats["Carla Cliente"].id}/media`, form);
  await row(page, "Carla Cliente").locator(".row-preview", { hasText: exactly("📷 Imagem") }).waitFor();
  // In English the label is translated.
  await page.getByRole("button", { name: "EN", exact: true }).click();
  await row(page, "Carla Cliente").locator(".row-preview", { hasText: exactly("📷 Image") }).waitFor();
  await page.getByRole("tab", { name: /All chats/ }).waitFor();
  await page.getByRole("button", { name: "PT", exact: true }).click();
});

journey("L14: the Comunicação interna shortcut shows only the team chat, and pressed again every chat", async () => {
  const shortcut = page.getByRole("button", { name: "Comunicação interna", exact: true });
  await shortcut.click();
  await eventually(async () => assert.deepEqual(await rowNames(page), ["Comunicação interna"]));
  assert.equal(await shortcut.getAttribute("aria-pressed"), "true");
  await shortcut.click();
  await row(page, "Alice Aberta").waitFor();
  assert.equal(await shortcut.getAttribute("aria-pressed"), "false");
});

journey("L5: Novo chat sends a template with its parameters after showing the preview", async () => {
  await admin.post(`/api/v1/channels/${simulatorChannel.id}/templates`, {
    name: "pedido_enviado",
    language: "pt_BR",
    category: "utility",
    components: [{ type: "BODY", text: "Olá {{1}}, seu pedido {{2}} foi enviado." }],
  });
  await page.getByRole("button", { name: "Novo chat" }).click();
  const dialog = page.getByTestId("new-chat-dialog");
  // Nothing filled: each field says what is missing.
  await dialog.getByRole("button", { name: "Enviar" }).click();
  await dialog.getByText("Informe o nome do cliente.").waitFor();
  await dialog.getByText("Escolha a mensagem template.").waitFor();

  await dialog.getByLabel("Nome do cliente").fill("Olga Nova");
  await dialog.getByLabel("Número do cliente").fill("(21) 98877-6655");
  await dialog.getByText("O telefone não pode ter parênteses: use só dígitos e hífens.").waitFor();
  await dialog.getByLabel("Número do cliente").fill("21-98877-6655");
  assert.equal(await dialog.getByLabel("Abrir conversa?").isChecked(), true);
  assert.equal(await dialog.getByLabel("Número estrangeiro?").isChecked(), false);
  await dialog.getByLabel("Mensagem template").selectOption({ label: "pedido_enviado · Utilidade" });
  await dialog.getByText("Preencha os parâmetros para ver a prévia.").waitFor();
  await dialog.getByLabel("{{1}} do corpo").fill("Olga");
  await dialog.getByLabel("{{2}} do corpo").fill("#4521");
  await dialog.getByTestId("template-preview").getByText("Olá Olga, seu pedido #4521 foi enviado.", { exact: true }).waitFor();
  await dialog.getByRole("button", { name: "Enviar" }).click();
  await dialog.waitFor({ state: "detached" });

  await page.waitForURL(/\/chat\/\d+/);
  await page.locator(".pane-header", { hasText: "Olga Nova" }).waitFor();
  await page.locator('[data-testid="conversation-pane"] .bubble-text', { hasText: "Olá Olga, seu pedido #4521 foi enviado." }).waitFor();
  await row(page, "Olga Nova").waitFor();
  const started = await admin.conversationByPhone("5521988776655");
  assert.equal(started.state, "open", "Abrir conversa? opened the chat");
});

journey("A5: /chat?target_phone= opens the contact's chat, or Novo chat with the phone filled in", async () => {
  await page.goto(`${server.url}/chat?target_phone=21-91111-0003`);
  await page.waitForURL(new RegExp(`/chat/${chats["Carla Cliente"].id}$`));
  await page.locator(".pane-header", { hasText: "Carla Cliente" }).waitFor();

  await page.goto(`${server.url}/chat?target_phone=21977776666`);
  const dialog = page.getByTestId("new-chat-dialog");
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel("Número do cliente").inputValue(), "21977776666");
  assert.equal(new URL(page.url()).searchParams.get("target_phone"), null);
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });

  await page.goto(`${server.url}/chat?target_phone=(21)977776666`);
  await dialog.waitFor();
  await dialog.getByText(/parênteses/).first().waitFor();
  await page.keyboard.press("Escape");

  // Signed out, the link survives the login.
  const fresh = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 800 } });
  fresh.setDefaultTimeout(WAIT);
  try {
    const other = await fresh.newPage();
    pages.deepLinkLogin = other;
    await other.goto(`${server.url}/chat?target_phone=21911110001`);
    await other.waitForURL(/\/login\?/);
    await other.getByLabel("E-mail").fill(server.email);
    await other.getByLabel("Senha").fill(server.password);
    await other.getByRole("button", { name: "Entrar" }).click();
    await other.waitForURL(new RegExp(`/chat/${chats["Alice Aberta"].id}$`));
    await other.locator(".pane-header", { hasText: "Alice Aberta" }).waitFor();
  } finally {
    await fresh.close();
  }
});

journey("L13: the unanswered timer turns blue, orange and red, redrawn every 3 minutes (L8 tags too)", async () => {
  // The browser's clock is moved forward; the server's timer start stays where it was.
  const timed = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 800 } });
  timed.setDefaultTimeout(WAIT);
  try {
    const p = await timed.newPage();
    pages.timer = p;
    await p.clock.install();
    await signIn(p, server);
    await simulatorSay(server.simulatorUrl, "5521911110077", "Tiago Tempo", "Alguém aí?");
    const timer = row(p, "Tiago Tempo").locator(".row-timer");
    await timer.waitFor();
    assert.equal(await timer.getAttribute("data-colour"), "green");
    assert.equal(await timer.evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(46, 125, 50)");
    await p.clock.fastForward("17:00");
    // The 3-minute tick has run: 17 minutes waited.
    await eventually(async () => assert.equal(await timer.getAttribute("data-colour"), "blue"));
    assert.equal(await timer.evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(21, 101, 192)");
    await p.clock.fastForward("15:00");
    await eventually(async () => assert.equal(await timer.getAttribute("data-colour"), "orange"));
    await p.clock.fastForward("30:00");
    await eventually(async () => assert.equal(await timer.getAttribute("data-colour"), "red"));
    assert.match(await timer.innerText(), /^1 h/);
    // L8: 24 h after the contact's message the window is closing, then closed.
    const tiago = row(p, "Tiago Tempo");
    await p.clock.fastForward("22:45:00");
    await tiago.locator(".tag-expiring", { hasText: "Expirando" }).waitFor();
    await p.clock.fastForward("31:00");
    await tiago.locator(".tag-expired", { hasText: "Expirado" }).waitFor();
    // An answer stops the timer and takes it away.
    const tiagoChat = await admin.conversationByPhone("5521911110077");
    await admin.post(`/api/v1/conversations/${tiagoChat.id}/messages`, { text: "Estou aqui!" });
    await timer.waitFor({ state: "detached" });
  } finally {
    await timed.close();
  }
});

journey("phone layout (390×844): list, then the conversation alone, then back to the list", async () => {
  const phone = await browser.newContext({ locale: "pt-BR", viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  phone.setDefaultTimeout(WAIT);
  try {
    const p = await phone.newPage();
    pages.phone = p;
    await signIn(p, server);
    const list = p.getByTestId("conversation-list");
    assert.ok(await list.isVisible());
    await row(p, "Alice Aberta").locator(".row-main").click();
    const pane = p.getByTestId("conversation-pane");
    await pane.locator(".pane-header", { hasText: "Alice Aberta" }).waitFor();
    assert.equal(await list.isVisible(), false, "the list hides behind the open conversation");
    const box = await pane.boundingBox();
    assert.ok(box && box.width <= 390 && box.width > 380, `the pane fills the phone's width (${box?.width})`);
    await pane.locator("textarea").fill("Resposta pelo celular");
    await pane.locator("textarea").press("Enter");
    await pane.locator(".bubble-text", { hasText: exactly("Resposta pelo celular") }).waitFor();
    await p.getByRole("link", { name: "Voltar para a lista" }).click();
    await list.waitFor();
    assert.equal(new URL(p.url()).pathname, "/chat");
    // The browser's Back goes to the conversation again.
    await p.goBack();
    await pane.locator(".pane-header", { hasText: "Alice Aberta" }).waitFor();
  } finally {
    await phone.close();
  }
});
