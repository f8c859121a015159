// The conversation and every composer mode, in a real browser against the real server (issue
// 12, C1–C15): the history paged with `before` while scrolling up (C1); a search in the chat
// whose hit opens in place, read around it with `before` and `after` (C2); variables suggested as
// `{` is typed (C8); "Template?" inside the window (C14) and templates only outside it, found
// by name or category, with their preview (C7), and "Interna?" unlocking the text there (C13);
// "Respostas Rápidas" kept by an admin and offered by "/" and the shortcut in the composer (C12);
// images uploaded, pasted with Ctrl+V or sent by an image field's variable, and documents (C9);
// contact cards (C10); a reaction that is no reply (C6); voice messages recorded with
// Chromium's fake microphone, sent as OGG/Opus, with and without the confirmation (C15); a
// sticker saved in the Biblioteca de Mídias and sent from the attach menu (C11).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Api, simulatorSay } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { pdf, png } from "./testMedia.mjs";
import { WAIT, eventually, exactly, row, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 60_000;

let server;
let browser;
let admin;
let channel;
let context;
let page;
const pages = {};
const chats = {};

const PEOPLE = {
  "Carla Composer": "5521966660001",
  "Paula Paginas": "5521966660002",
  "Rita Reacao": "5521966660003",
};

const pane = () => page.getByTestId("conversation-pane");
const composer = () => pane().locator("textarea");
const bubble = (text) => pane().locator(".message", { has: page.locator(".bubble-text", { hasText: exactly(text) }) });

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  channel = (await admin.get("/api/v1/channels")).items.find((c) => c.kind === "simulator");
  await admin.post(`/api/v1/channels/${channel.id}/templates`, {
    name: "pedido_enviado",
    language: "pt_BR",
    category: "utility",
    components: [{ type: "BODY", text: "Olá {{1}}, seu pedido {{2}} foi enviado." }],
  });
  await admin.post(`/api/v1/channels/${channel.id}/templates`, {
    name: "promo_natal",
    language: "pt_BR",
    category: "marketing",
    components: [{ type: "BODY", text: "Feliz Natal, {{nome}}! Aproveite 10% de desconto." }],
  });
  await admin.post("/api/v1/custom-fields", { key: "foto", label: "Foto", kind: "image" });
  await admin.post("/api/v1/custom-fields", { key: "plano", label: "Plano contratado", kind: "text" });
  for (const [name, phone] of Object.entries(PEOPLE)) {
    await simulatorSay(server.simulatorUrl, phone, name, `Oi, aqui é ${name.split(" ")[0]}`);
    chats[name] = await admin.conversationByPhone(phone);
  }
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 860 }, permissions: ["microphone"] });
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
/** A test of this file; after a failed one the next starts from a fresh /chat. */
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

async function open(name) {
  await row(page, name).locator(".row-main").click();
  await page.locator(".pane-header", { hasText: name }).waitFor();
}

journey("C1: the history pages with before/has_more while scrolling up, keeping the reader's place", async () => {
  const id = chats["Paula Paginas"].id;
  // 120 notes after the contact's first message: three pages of 50.
  for (let i = 1; i <= 120; i++) await admin.post(`/api/v1/conversations/${id}/messages`, { text: `Nota ${i}`, internal: true });
  const asked = [];
  const onRequest = (r) => {
    const url = new URL(r.url());
    if (url.pathname === `/api/v1/conversations/${id}/messages`) asked.push(url.searchParams.get("before"));
  };
  page.on("request", onRequest);
  await open("Paula Paginas");
  await bubble("Nota 120").waitFor();
  assert.equal(await pane().locator(".message").count(), 50, "the first page holds the newest 50");
  assert.equal(await bubble("Oi, aqui é Paula").count(), 0);

  const history = pane().locator(".history");
  for (const expected of ["Nota 70", "Nota 20"]) {
    const anchor = bubble(expected === "Nota 70" ? "Nota 71" : "Nota 21");
    await history.evaluate((el) => el.scrollTo({ top: 0 }));
    await bubble(expected).waitFor({ state: "attached" });
    // The message that was at the top is still in view: older ones went above it.
    const box = await anchor.boundingBox();
    const view = await history.boundingBox();
    assert.ok(box && box.y >= view.y - 5 && box.y < view.y + view.height, `${expected}: the reader's place was kept`);
  }
  await history.evaluate((el) => el.scrollTo({ top: 0 }));
  await bubble("Oi, aqui é Paula").waitFor({ state: "attached" });
  await pane().getByRole("button", { name: "Carregar mais" }).waitFor({ state: "detached" });
  assert.equal(await pane().locator(".message").count(), 121);
  page.off("request", onRequest);
  // The first page had no `before`; each older one asked before the oldest id it had.
  assert.equal(asked[0], null);
  assert.equal(asked.filter(Boolean).length, 2, `older pages asked: ${asked}`);
  assert.ok(Number(asked[1]) > Number(asked[2]), "each page asks for older messages than the last");
});

journey("C2: Pesquisar na conversa finds messages in any case, and a hit shows in place: older ones read around it, newer ones as the agent scrolls down", async () => {
  // A fresh page: only the newest 50 of Paula's 121 messages are loaded.
  await page.goto(`${server.url}/chat`);
  await page.waitForFunction(() => window.__atendeRealtime?.status() === "live");
  await open("Paula Paginas");
  await bubble("Nota 120").waitFor();
  await pane().getByRole("button", { name: "Pesquisar na conversa" }).click();
  const search = pane().getByTestId("message-search");
  const box = search.getByRole("searchbox", { name: "Pesquisar na conversa" });
  await box.fill("nada parecido");
  await search.getByText("Nenhuma mensagem encontrada.").waitFor();

  // The contact's first message, far above the loaded page, found by other letter case.
  await box.fill("AQUI é paula");
  const hits = search.getByRole("list", { name: "Mensagens encontradas" }).getByRole("button");
  await hits.first().waitFor();
  assert.equal(await hits.count(), 1);
  assert.equal(await hits.first().locator("mark").innerText(), "aqui é Paula");
  await hits.first().click();
  const first = bubble("Oi, aqui é Paula");
  await first.and(page.locator(".found")).waitFor();
  await eventually(async () => assert.ok(await first.isVisible()));
  const history = pane().locator(".history");
  const inView = async (locator) => {
    const b = await locator.boundingBox();
    const v = await history.boundingBox();
    return b !== null && b.y + b.height > v.y && b.y < v.y + v.height;
  };
  assert.ok(await inView(first), "the hit is scrolled into view");
  assert.equal(await bubble("Nota 120").count(), 0, "the window around the hit, not the newest page");

  // Scrolling down reads the newer pages with `after`, up to the newest.
  const asked = [];
  const onRequest = (r) => {
    const url = new URL(r.url());
    if (url.pathname.endsWith("/messages") && url.searchParams.has("after")) asked.push(Number(url.searchParams.get("after")));
  };
  page.on("request", onRequest);
  while ((await bubble("Nota 120").count()) === 0) {
    const loaded = await pane().locator(".message").count();
    await history.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await eventually(async () => assert.ok((await pane().locator(".message").count()) > loaded, "a newer page came"));
  }
  page.off("request", onRequest);
  assert.ok(asked.length >= 2, `newer pages asked with after: ${asked}`);
  assert.equal(await pane().locator(".message").count(), 121, "every message once, in order");
  const texts = await pane().locator(".message .bubble-text").allInnerTexts();
  assert.equal(texts[0], "Oi, aqui é Paula");
  assert.equal(texts.at(-1), "Nota 120");

  // Back to the live history; a hit already loaded is only scrolled to.
  await pane().getByRole("button", { name: "Ir para as mensagens recentes" }).click();
  await pane().getByRole("button", { name: "Ir para as mensagens recentes" }).waitFor({ state: "detached" });
  await box.fill("nota 119");
  const hit = hits.filter({ hasText: "Nota 119" });
  await hit.waitFor();
  await hit.click();
  await bubble("Nota 119").and(page.locator(".found")).waitFor();
  assert.equal(await pane().getByRole("button", { name: "Ir para as mensagens recentes" }).count(), 0);
  await box.press("Escape");
  await search.waitFor({ state: "detached" });
  assert.equal(await pane().locator(".message.found").count(), 0);
});

journey("C8: { or < suggests the contact's fields, Enter or Tab picks one and the message goes out expanded; Shift+Enter breaks the line", async () => {
  await admin.put(`/api/v1/contacts/${chats["Carla Composer"].contact.id}/fields/plano`, { value: "Ouro" });
  await open("Carla Composer");
  await composer().click();
  await composer().pressSequentially("Olá <no");
  const list = pane().getByRole("listbox", { name: "Variáveis" });
  await list.getByRole("option", { name: /\{nome\}/ }).waitFor();
  await composer().press("Enter");
  assert.equal(await composer().inputValue(), "Olá <nome>");
  await list.waitFor({ state: "detached" });
  // The account's custom fields are suggested too, by key or by label.
  await composer().pressSequentially(", seu plano {contrat");
  await list.getByRole("option", { name: /\{plano\}/ }).waitFor();
  await composer().press("Tab");
  assert.equal(await composer().inputValue(), "Olá <nome>, seu plano {plano}");
  await composer().press("Shift+Enter");
  await composer().pressSequentially("Até logo!");
  assert.equal(await composer().inputValue(), "Olá <nome>, seu plano {plano}\nAté logo!");
  await composer().press("Enter");
  await bubble("Olá Carla Composer, seu plano Ouro\nAté logo!").waitFor();
  assert.equal(await composer().inputValue(), "");
});

journey("C12: an admin keeps Respostas Rápidas (add, a refusal on the form, edit, delete); in the composer / and the shortcut offer them and the reply goes out with its variables filled", async () => {
  await page.getByTestId("user-name").click();
  await page.getByRole("menuitem", { name: "Respostas Rápidas" }).click();
  await page.getByRole("heading", { name: "Respostas Rápidas" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/quick-replies");
  await page.getByText("Nenhuma resposta rápida cadastrada.").waitFor();

  const add = async (shortcut, text) => {
    await page.getByLabel("Atalho", { exact: true }).first().fill(shortcut);
    await page.getByLabel("Mensagem", { exact: true }).first().fill(text);
    await page.getByRole("button", { name: "Adicionar resposta" }).click();
  };
  await add("bom dia", "Bom dia!");
  await page.getByRole("alert").getByText("O atalho só pode ter letras, números, - e _ (sem espaços).").waitFor();
  await add("saudacao", "Olá {nome}, tudo bem?");
  const card = (shortcut) => page.getByTestId("quick-reply").filter({ hasText: `/${shortcut}` });
  await card("saudacao").getByText("Olá {nome}, tudo bem?").waitFor();
  assert.equal(await page.getByLabel("Atalho", { exact: true }).first().inputValue(), "", "the form is empty again");
  await add("prazo", "O prazo de entrega é de 5 dias úteis.");
  await card("prazo").waitFor();
  await add("saudacao", "Outra");
  await page.getByRole("alert").getByText("Já existe uma resposta rápida com o atalho /saudacao.").waitFor();

  await card("saudacao").getByRole("button", { name: "Editar" }).click();
  const editing = page.locator(".card-item form");
  await editing.getByLabel("Mensagem", { exact: true }).fill("Olá {nome}! Como posso ajudar?");
  await editing.getByRole("button", { name: "Salvar" }).click();
  await card("saudacao").getByText("Olá {nome}! Como posso ajudar?").waitFor();
  await assertNoSeriousViolations(page, "Respostas Rápidas");

  await card("prazo").getByRole("button", { name: "Excluir" }).click();
  await page.getByRole("dialog").getByText("Tem certeza que deseja excluir a resposta rápida /prazo?").waitFor();
  await page.getByRole("dialog").getByRole("button", { name: "Sim" }).click();
  await card("prazo").waitFor({ state: "detached" });
  assert.deepEqual((await admin.get("/api/v1/quick-replies")).items.map((r) => r.shortcut), ["saudacao"]);

  // In a chat: "/" and the shortcut, Enter puts the reply in the box, Enter sends it.
  await page.getByRole("link", { name: "Voltar para os chats" }).click();
  await open("Carla Composer");
  await composer().click();
  await composer().pressSequentially("/sa");
  const list = pane().getByRole("listbox", { name: "Respostas rápidas" });
  await list.getByRole("option", { name: /\/saudacao/ }).waitFor();
  await composer().press("Enter");
  assert.equal(await composer().inputValue(), "Olá {nome}! Como posso ajudar?");
  await list.waitFor({ state: "detached" });
  await composer().press("Enter");
  await bubble("Olá Carla Composer! Como posso ajudar?").waitFor();
  // A space ends the shortcut: "/interna" stays the internal-note command (C13).
  await composer().pressSequentially("/interna Lembrar do prazo");
  assert.equal(await pane().getByRole("listbox").count(), 0);
  await composer().press("Enter");
  await pane().locator(".message.internal", { hasText: "Lembrar do prazo" }).waitFor();
});

journey("C14: Template? inside the window lists the templates, previews the chosen one and sends it", async () => {
  await open("Carla Composer");
  await pane().getByLabel("Template?").check();
  const templates = pane().getByTestId("template-composer");
  await templates.getByText("pedido_enviado").waitFor();
  await templates.getByText("promo_natal").waitFor();
  await templates.getByLabel("Mensagem template").fill("pedido");
  await templates.getByText("promo_natal").waitFor({ state: "detached" });
  await templates.getByRole("radio", { name: /pedido_enviado/ }).check();
  await templates.getByLabel("{{1}} do corpo").fill("Carla");
  await templates.getByLabel("{{2}} do corpo").fill("#4521");
  await templates.getByTestId("template-preview").getByText("Olá Carla, seu pedido #4521 foi enviado.").waitFor();
  await templates.getByRole("button", { name: "Enviar template" }).click();
  const sent = pane().locator('.message[data-kind="template"]', { hasText: "Olá Carla, seu pedido #4521 foi enviado." });
  await sent.getByText("Template: pedido_enviado").waitFor();
  // Back to text, "Template?" unticked.
  await composer().waitFor();
  assert.equal(await pane().getByLabel("Template?").isChecked(), false);
});

journey("C7: outside the window only templates, found by name or by category, with a preview; Interna? unlocks the text (C13)", async () => {
  const started = await admin.post("/api/v1/new-chat", {
    channel_id: channel.id,
    name: "Olga Fora",
    phone: "21955554444",
    foreign: false,
    open_conversation: true,
    template_id: (await admin.get(`/api/v1/templates?channel_id=${channel.id}&search=pedido`)).items[0].id,
    positional: ["Olga", "#1"],
  });
  await page.goto(`${server.url}/chat/${started.conversation.id}`);
  await page.locator(".pane-header", { hasText: "Olga Fora" }).waitFor();
  await pane().getByTestId("window-closed-note").waitFor();
  assert.equal(await composer().count(), 0, "no free text outside the window");
  assert.equal(await pane().getByLabel("Template?").count(), 0, "templates are the only way, no box for them");
  const templates = pane().getByTestId("template-composer");
  const search = templates.getByLabel("Mensagem template");
  await search.fill("Utilidade");
  await templates.getByText("promo_natal").waitFor({ state: "detached" });
  await templates.getByText("pedido_enviado").waitFor();
  await search.fill("Marketing");
  await templates.getByText("pedido_enviado").waitFor({ state: "detached" });
  await templates.getByRole("radio", { name: /promo_natal/ }).check();
  await templates.getByText("Feliz Natal, {{nome}}! Aproveite 10% de desconto.").waitFor();
  await templates.getByLabel("{{nome}}").fill("Olga");
  await templates.getByTestId("template-preview").getByText("Feliz Natal, Olga! Aproveite 10% de desconto.").waitFor();
  await templates.getByRole("button", { name: "Enviar template" }).click();
  await pane().locator('.message[data-kind="template"]', { hasText: "Feliz Natal, Olga!" }).waitFor();

  await pane().getByLabel("Interna?").check();
  await composer().fill("Cliente pediu retorno amanhã");
  const send = pane().getByRole("button", { name: "Enviar", exact: true });
  assert.equal(await send.evaluate((b) => getComputedStyle(b).backgroundColor), "rgb(198, 40, 40)", "the send button is red");
  await send.click();
  await bubble("Cliente pediu retorno amanhã").locator(".internal-note").waitFor();
});

journey("C9: an image uploaded or pasted with Ctrl+V, an image field by its variable, and a document", async () => {
  await open("Carla Composer");
  const picture = png();
  await pane().getByTestId("attach-image").setInputFiles({ name: "produto.png", mimeType: "image/png", buffer: picture });
  const uploaded = pane().locator('.message.outgoing[data-kind="image"] img').last();
  await eventually(async () => assert.ok(await uploaded.evaluate((el) => el.complete && el.naturalWidth === 160)));

  await composer().click();
  await composer().evaluate((el, b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], "print.png", { type: "image/png" }));
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, png(120, 90).toString("base64"));
  const dialog = page.getByTestId("paste-image-dialog");
  await dialog.locator("img.paste-preview").waitFor();
  await dialog.getByLabel("Legenda (opcional)").fill("Print do erro");
  await dialog.getByRole("button", { name: "Enviar" }).click();
  await pane().locator('.message.outgoing[data-kind="image"]', { hasText: "Print do erro" }).waitFor();
  assert.equal(await composer().inputValue(), "", "the paste put nothing in the text");

  // `{foto}`: the contact's image field, sent as a picture.
  const form = new FormData();
  form.append("file", new Blob([png(80, 80)], { type: "image/png" }), "foto.png");
  await admin.request("PUT", `/api/v1/contacts/${chats["Carla Composer"].contact.id}/fields/foto/image`, form);
  const images = await pane().locator('.message.outgoing[data-kind="image"]').count();
  await composer().fill("Sua foto: {foto}");
  await composer().press("Enter");
  await eventually(async () => assert.equal(await pane().locator('.message.outgoing[data-kind="image"]').count(), images + 1));

  await pane().getByTestId("attach-document").setInputFiles({ name: "contrato.pdf", mimeType: "application/pdf", buffer: pdf() });
  await pane().locator(".media-document", { hasText: "contrato.pdf" }).waitFor();
});

journey("C10: a contact card with a name and a phone or e-mail", async () => {
  await open("Carla Composer");
  await pane().getByRole("button", { name: "Anexar" }).click();
  await page.getByRole("menuitem", { name: "Contato" }).click();
  const dialog = page.getByTestId("contact-card-dialog");
  await dialog.getByRole("button", { name: "Enviar contato" }).click();
  await dialog.getByText("Informe o nome do contato.").waitFor();
  await dialog.getByText("Informe o e-mail e/ou o telefone.").waitFor();
  await dialog.getByLabel("Nome do contato").fill("Beto Lima");
  await dialog.getByLabel("Telefone").fill("+55 21 98888-7777");
  await dialog.getByLabel("E-mail").fill("beto@exemplo.com.br");
  await dialog.getByRole("button", { name: "Enviar contato" }).click();
  await dialog.waitFor({ state: "detached" });
  const card = pane().locator('.message.outgoing[data-kind="contact"]');
  await card.locator(".contact-card-name", { hasText: "Beto Lima" }).waitFor();
  await card.getByRole("link", { name: "+55 21 98888-7777" }).waitFor();
  await card.getByRole("link", { name: "beto@exemplo.com.br" }).waitFor();
});

journey("C6: a reaction is worn by the contact's message but is no reply: no agent, the timer runs on", async () => {
  await open("Rita Reacao");
  const target = bubble("Oi, aqui é Rita");
  await target.hover();
  await target.getByRole("button", { name: "Reagir à mensagem" }).click();
  await page.getByRole("menuitem", { name: "Reagir com 😂" }).click();
  await target.locator(".bubble-reaction", { hasText: "😂" }).waitFor();
  const chat = await admin.get(`/api/v1/conversations/${chats["Rita Reacao"].id}`);
  assert.equal(chat.agent, null, "reacting assigns nobody (S13)");
  assert.notEqual(chat.unanswered_since, null, "reacting does not stop the timer (L13)");
  await row(page, "Rita Reacao").locator(".row-timer").waitFor();
  // The contact's phone shows the emoji.
  const seen = await fetch(`${new URL(server.simulatorUrl).origin}/api/v1/simulator/${new URL(server.simulatorUrl).pathname.split("/").pop()}/messages?phone=${PEOPLE["Rita Reacao"]}`).then((r) => r.json());
  await eventually(async () => assert.ok(seen.items.some((m) => m.kind === "reaction")));
});

/** The newest voice message of the open chat, read back from the server. */
async function lastVoice(chatId) {
  const history = await admin.get(`/api/v1/conversations/${chatId}/messages`);
  return history.items.filter((m) => m.kind === "audio").pop();
}

journey("C15: a voice message recorded with the fake microphone, played back and confirmed, goes as OGG/Opus", async () => {
  await open("Carla Composer");
  const voices = () => pane().locator('.message.outgoing[data-kind="audio"]').count();
  const before = await voices();
  await pane().getByRole("button", { name: "Gravar mensagem de voz" }).click();
  await pane().getByText(/Gravando \d+:\d\d/).waitFor();
  await page.waitForTimeout(1200); // a second of the fake microphone's beep
  await pane().getByRole("button", { name: "Parar gravação" }).click();
  const dialog = page.getByTestId("audio-confirm-dialog");
  await dialog.getByText("Tem certeza que deseja enviar esse áudio?").waitFor();
  const playback = dialog.getByTestId("audio-playback");
  const length = await playback.evaluate(
    (a) => new Promise((resolve) => (a.readyState >= 1 ? resolve(a.duration) : a.addEventListener("loadedmetadata", () => resolve(a.duration)))),
  );
  assert.ok(length > 0.5 || length === Infinity, `the recording plays back (${length} s)`);
  await dialog.getByRole("button", { name: "Sim" }).click();
  await eventually(async () => assert.equal(await voices(), before + 1));
  await pane().locator('.message.outgoing[data-kind="audio"]').last().getByText("Mensagem de voz").waitFor();

  const voice = await lastVoice(chats["Carla Composer"].id);
  assert.equal(voice.payload.media.mime_type, "audio/ogg");
  assert.equal(voice.payload.media.voice, true, "sent as a voice note");
  const head = await page.evaluate(async (href) => {
    const bytes = new Uint8Array(await (await fetch(href)).arrayBuffer());
    return { magic: String.fromCharCode(...bytes.slice(0, 4)), opus: new TextDecoder().decode(bytes.slice(28, 36)), size: bytes.length };
  }, `/api/v1/messages/${voice.id}/media`);
  assert.equal(head.magic, "OggS");
  assert.equal(head.opus, "OpusHead");
  assert.ok(head.size > 1000, `a second of audio (${head.size} bytes)`);

  // "Não" in the dialog deletes it; the bin discards a recording before it ends.
  await pane().getByRole("button", { name: "Gravar mensagem de voz" }).click();
  await pane().getByText(/Gravando \d+:\d\d/).waitFor();
  await page.waitForTimeout(500);
  await pane().getByRole("button", { name: "Parar gravação" }).click();
  await dialog.getByRole("button", { name: "Não" }).click();
  await pane().getByRole("button", { name: "Gravar mensagem de voz" }).click();
  await pane().getByText(/Gravando \d+:\d\d/).waitFor();
  await pane().getByRole("button", { name: "Descartar gravação" }).click();
  await composer().waitFor();
  assert.equal(await voices(), before + 1, "nothing was sent");
});

journey("C15: with the confirmation off (Meu Perfil), the recording goes at once", async () => {
  await page.getByTestId("user-name").click();
  await page.getByRole("menuitem", { name: "Meu Perfil" }).click();
  await page.getByRole("radiogroup", { name: "Mostrar confirmação de envio de áudio" }).or(page.getByRole("group", { name: "Mostrar confirmação de envio de áudio" })).getByLabel("Não").check();
  // Kept for the user on the server: every device of theirs records without the question.
  await eventually(async () => assert.equal((await admin.get("/api/v1/me")).user.audio_confirmation, false));
  await page.goBack();
  await open("Carla Composer");
  const voices = () => pane().locator('.message.outgoing[data-kind="audio"]').count();
  const before = await voices();
  await pane().getByRole("button", { name: "Gravar mensagem de voz" }).click();
  await pane().getByText(/Gravando \d+:\d\d/).waitFor();
  await page.waitForTimeout(600);
  await pane().getByRole("button", { name: "Parar gravação" }).click();
  await eventually(async () => assert.equal(await voices(), before + 1));
  assert.equal(await page.getByTestId("audio-confirm-dialog").count(), 0, "no question asked");
  await admin.request("PATCH", "/api/v1/me", { audio_confirmation: true });
});

/** A 1×1 lossless WebP: what WhatsApp takes as a sticker. */
const webp = () => Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64");

journey("C11: an admin saves a sticker and an image in the Biblioteca de Mídias; the sticker goes from the attach menu", async () => {
  await page.getByTestId("user-name").click();
  await page.getByRole("menuitem", { name: "Biblioteca de Mídias" }).click();
  const library = page.locator(".media-library-page");
  await library.getByRole("heading", { name: "Biblioteca de Mídias" }).waitFor();
  const save = async (name, file) => {
    await library.getByLabel("Nome").fill(name);
    await library.getByLabel("Arquivo").setInputFiles(file);
    await library.getByRole("button", { name: "Adicionar mídia" }).click();
  };
  await save("Joinha", { name: "joinha.webp", mimeType: "image/webp", buffer: webp() });
  const sticker = library.getByTestId("media-item").filter({ has: page.getByAltText("Joinha") });
  await eventually(async () => assert.ok(await sticker.locator("img").evaluate((el) => el.complete && el.naturalWidth === 1)));
  // The server's refusal is shown on the form, and nothing is listed.
  await save("Animação", { name: "anim.gif", mimeType: "image/gif", buffer: Buffer.from("GIF89a") });
  await library.getByRole("alert").filter({ hasText: "'image/gif' não suportado" }).waitFor();
  await save("Catálogo", { name: "catalogo.png", mimeType: "image/png", buffer: png() });
  await library.getByTestId("media-item").filter({ has: page.getByAltText("Catálogo") }).waitFor();
  assert.equal(await library.getByRole("alert").count(), 0, "the refusal went with the next save");
  assert.equal(await library.getByTestId("media-item").count(), 2);
  await assertNoSeriousViolations(page, "Biblioteca de Mídias");

  await library.getByRole("link", { name: "Voltar para os chats" }).click();
  await open("Carla Composer");
  await pane().getByRole("button", { name: "Anexar" }).click();
  await page.getByRole("menuitem", { name: "Biblioteca de Mídias" }).click();
  const dialog = page.getByTestId("media-library-dialog");
  await dialog.getByRole("tab", { name: "Mídias" }).click();
  await dialog.getByRole("button", { name: "Enviar Catálogo" }).waitFor();
  assert.equal(await dialog.getByRole("button", { name: "Enviar Joinha" }).count(), 0, "stickers have their own tab");
  await dialog.getByRole("tab", { name: "Figurinhas" }).click();
  await dialog.getByLabel("Pesquisar pelo nome").fill("joi");
  await assertNoSeriousViolations(page, "the media library dialog");
  await dialog.getByRole("button", { name: "Enviar Joinha" }).click();
  await dialog.waitFor({ state: "detached" });
  const sent = pane().locator('.message.outgoing[data-kind="sticker"] img').last();
  await eventually(async () => assert.ok(await sent.evaluate((el) => el.complete && el.naturalWidth === 1)));

  // Deleted after a "Sim": it leaves the library, the message sent keeps its file.
  await page.getByTestId("user-name").click();
  await page.getByRole("menuitem", { name: "Biblioteca de Mídias" }).click();
  await library.getByRole("button", { name: "Excluir Catálogo" }).click();
  await page.getByRole("dialog").getByText("Tem certeza que deseja excluir essa mídia?").waitFor();
  await page.getByRole("dialog").getByRole("button", { name: "Sim" }).click();
  await eventually(async () => assert.equal(await library.getByTestId("media-item").count(), 1));
  await library.getByRole("link", { name: "Voltar para os chats" }).click();
});
