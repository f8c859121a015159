// Every message kind displays as what it is (issue 12, C1–C19), on a WhatsApp number whose
// Graph API is a local fake and whose webhooks the test signs as Meta does: a contact's text,
// image, sticker, voice note, document, location, contact card, button and list replies,
// reaction and unsupported message; our messages' grey and green checks (C16) and the red x
// with Meta's code and title (C17); the contact's reaction worn by our message and replaced; a reaction on the contact's message, replaced by a second
// (C6); messages sent from the WhatsApp Business app in yellow (C19); system lines arriving live
// in the open chat when another user forwards it (S14) or a flow misses its template (C18).
// One server, one browser, one WhatsApp contact (and Tiago for C18).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Api } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { echo, FakeGraph, connectWhatsApp, inbound, status, webhook } from "./fakeGraph.mjs";
import { launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { oggSilence, pdf, png } from "./testMedia.mjs";
import { WAIT, eventually, exactly, row, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 60_000;
const PHONE = "5521977770001";
const NAME = "Sheena Nelson";
const TIAGO = "5521977770002";

let fake;
let server;
let browser;
let admin;
let channel;
let context;
let page;
let chat;
const pages = {};

const pane = () => page.getByTestId("conversation-pane");
const bubble = (kind, text) =>
  pane().locator(`.message[data-kind="${kind}"]`, text ? { hasText: text } : {});
const composer = () => pane().locator("textarea");

before(async () => {
  fake = await FakeGraph.start();
  server = await startServer({ env: { ATENDE_GRAPH_API_URL: fake.url } });
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  channel = await connectWhatsApp(admin);
  await webhook(server.url, channel, inbound(PHONE, NAME, "text", { text: { body: "Olá, tudo bem?" } }));
  chat = await eventuallyChat();
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(WAIT);
  page = await context.newPage();
  pages.desktop = page;
  await signIn(page, server);
  await row(page, NAME).locator(".row-main").click();
  await bubble("text", "Olá, tudo bem?").waitFor();
}, { timeout: TEST_TIMEOUT });

after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await fake?.stop();
});

async function eventuallyChat() {
  return eventually(() => admin.conversationByPhone(PHONE));
}

const journey = (name, fn) => test(name, { timeout: TEST_TIMEOUT }, () => withScreenshots(name, () => pages, fn));

let rita;
/** A second admin, signed in through the API: changes made "elsewhere" than the open page. */
async function otherUser() {
  if (!rita) {
    await admin.post("/api/v1/users", { name: "Rita Remota", email: "rita@atende.local", password: "senha-da-rita", role: "admin", chat_visibility: "all" });
    rita = await Api.login(server.url, "rita@atende.local", "senha-da-rita");
  }
  return rita;
}

/** An image's pixels arrived (the server downloaded it from the fake Graph API). */
async function imageLoaded(img) {
  await eventually(async () => assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), "the picture is not loaded"));
}

journey("a contact's image, sticker, voice note and document show as picture, player and download", async () => {
  fake.addMedia("900001", png(), "image/png");
  fake.addMedia("900002", png(64, 64), "image/webp");
  fake.addMedia("900003", oggSilence(1), "audio/ogg; codecs=opus");
  fake.addMedia("900004", pdf(), "application/pdf");
  await webhook(server.url, channel, inbound(PHONE, NAME, "image", { image: { id: "900001", mime_type: "image/png", caption: "Foto do produto" } }));
  await webhook(server.url, channel, inbound(PHONE, NAME, "sticker", { sticker: { id: "900002", mime_type: "image/webp", animated: false } }));
  await webhook(server.url, channel, inbound(PHONE, NAME, "audio", { audio: { id: "900003", mime_type: "audio/ogg; codecs=opus", voice: true } }));
  await webhook(server.url, channel, inbound(PHONE, NAME, "document", { document: { id: "900004", mime_type: "application/pdf", filename: "boleto.pdf" } }));

  const image = bubble("image", "Foto do produto");
  await image.waitFor();
  // The file is downloaded after the message arrived; the server announces it stored and the
  // picture appears in place, without a reload.
  await imageLoaded(image.locator("img"));
  await imageLoaded(bubble("sticker").locator("img"));

  const voice = bubble("audio");
  await voice.getByText("Mensagem de voz").waitFor();
  const duration = await voice.locator("audio").evaluate(
    (a) => new Promise((resolve) => (a.readyState >= 1 ? resolve(a.duration) : a.addEventListener("loadedmetadata", () => resolve(a.duration)))),
  );
  assert.ok(duration > 0.5, `the voice note plays (${duration} s)`);

  const doc = bubble("document").locator("a.media-document");
  await doc.getByText("boleto.pdf").waitFor();
  assert.equal(await doc.getAttribute("download"), "boleto.pdf");
  const fetched = await page.evaluate(async (href) => {
    const r = await fetch(href);
    return { status: r.status, head: (await r.text()).slice(0, 5) };
  }, await doc.getAttribute("href"));
  assert.deepEqual(fetched, { status: 200, head: "%PDF-" });
});

journey("a location with its coordinates and map link, a contact card, button and list replies, an unsupported message", async () => {
  await webhook(
    server.url,
    channel,
    inbound(PHONE, NAME, "location", { location: { latitude: -22.906847, longitude: -43.172897, name: "Loja Centro", address: "Av. Rio Branco, 1" } }),
  );
  await webhook(
    server.url,
    channel,
    inbound(PHONE, NAME, "contacts", {
      contacts: [{ name: { formatted_name: "Beto Lima", first_name: "Beto" }, phones: [{ phone: "+55 21 98888-7777", type: "CELL" }], emails: [{ email: "beto@exemplo.com.br" }] }],
    }),
  );
  await webhook(server.url, channel, inbound(PHONE, NAME, "interactive", { interactive: { type: "button_reply", button_reply: { id: "sim", title: "Sim, quero" } } }));
  await webhook(
    server.url,
    channel,
    inbound(PHONE, NAME, "interactive", { interactive: { type: "list_reply", list_reply: { id: "ouro", title: "Plano Ouro", description: "R$ 99 por mês" } } }),
  );
  await webhook(server.url, channel, inbound(PHONE, NAME, "unsupported", { errors: [{ code: 131051, title: "Message type unknown" }] }));

  const place = bubble("location");
  await place.getByText("Loja Centro").waitFor();
  await place.getByText("Av. Rio Branco, 1").waitFor();
  await place.getByText("-22.906847, -43.172897").waitFor();
  const map = place.getByRole("link", { name: "Abrir no mapa" });
  assert.match(await map.getAttribute("href"), /openstreetmap\.org\/\?mlat=-22\.906847&mlon=-43\.172897/);

  const card = bubble("contact");
  await card.locator(".contact-card-name", { hasText: "Beto Lima" }).waitFor();
  assert.equal(await card.getByRole("link", { name: "+55 21 98888-7777" }).getAttribute("href"), "tel:+5521988887777");
  assert.equal(await card.getByRole("link", { name: "beto@exemplo.com.br" }).getAttribute("href"), "mailto:beto@exemplo.com.br");

  const button = pane().locator(".message", { has: page.locator(".bubble-text", { hasText: exactly("Sim, quero") }) });
  await button.getByTestId("tapped-reply").getByText("Resposta de botão").waitFor();
  const listReply = pane().locator(".message", { has: page.locator(".bubble-text", { hasText: exactly("Plano Ouro") }) });
  await listReply.getByTestId("tapped-reply").getByText("Resposta de lista").waitFor();
  await listReply.getByText("R$ 99 por mês").waitFor();

  await bubble("unsupported").waitFor();
});

journey("axe: a history with every kind of message has no serious violation", async () => {
  await assertNoSeriousViolations(page, "a history of every kind");
});

journey("C16 grey then green checks, C17 the red x with Meta's code and title on hover", async () => {
  await composer().fill("Seu pedido saiu para entrega");
  await composer().press("Enter");
  const sent = await fake.sentWhere((b) => b.text?.body === "Seu pedido saiu para entrega");
  const mark = bubble("text", "Seu pedido saiu para entrega").locator(".status-mark");
  await eventually(async () => assert.equal(await mark.getAttribute("title"), "Enviada"));
  await webhook(server.url, channel, status(sent.id, PHONE, "delivered"));
  await eventually(async () => assert.equal(await mark.getAttribute("title"), "Entregue"));
  assert.equal(await mark.evaluate((el) => getComputedStyle(el).color), "rgb(138, 148, 158)", "delivered is grey");
  await webhook(server.url, channel, status(sent.id, PHONE, "read"));
  await eventually(async () => assert.equal(await mark.getAttribute("title"), "Lida"));
  assert.equal(await mark.evaluate((el) => getComputedStyle(el).color), "rgb(30, 158, 74)", "read is green");

  await composer().fill("Mensagem que falha");
  await composer().press("Enter");
  const failing = await fake.sentWhere((b) => b.text?.body === "Mensagem que falha");
  await webhook(server.url, channel, status(failing.id, PHONE, "failed", [{ code: 131026, title: "Message undeliverable" }]));
  const cross = bubble("text", "Mensagem que falha").locator(".status-failed");
  await cross.waitFor();
  assert.equal((await cross.innerText()).trim(), "✗");
  assert.equal(await cross.getAttribute("title"), "131026 — Message undeliverable");
  assert.equal(await cross.evaluate((el) => getComputedStyle(el).color), "rgb(198, 40, 40)", "the x is red");

  // C6: the contact reacts to our message: it wears the reaction (the server found it by Meta's
  // id), a second one replaces the first, live and after a reload (the server lists the current one).
  const ours = bubble("text", "Seu pedido saiu para entrega");
  await webhook(server.url, channel, inbound(PHONE, NAME, "reaction", { reaction: { message_id: sent.id, emoji: "❤️" } }));
  await ours.locator(".contact-reaction", { hasText: "❤️" }).waitFor();
  assert.equal(await ours.locator(".contact-reaction").getAttribute("aria-label"), "Reação do contato: ❤️");
  await webhook(server.url, channel, inbound(PHONE, NAME, "reaction", { reaction: { message_id: sent.id, emoji: "😮" } }));
  await ours.locator(".contact-reaction", { hasText: "😮" }).waitFor();
  assert.equal(await ours.locator(".contact-reaction").count(), 1, "one reaction of the contact at a time");
  assert.equal(await bubble("reaction", "Reagiu com ❤️").count(), 0, "a reaction that found its message is no line");
  await page.reload();
  await ours.locator(".contact-reaction", { hasText: "😮" }).waitFor();
  // A reaction to a message Atende never had (sent before it, say) stays a line of the history.
  await webhook(server.url, channel, inbound(PHONE, NAME, "reaction", { reaction: { message_id: "wamid.desconhecida", emoji: "🙏" } }));
  await bubble("reaction", "Reagiu com 🙏").waitFor();
});

journey("C6: a reaction to the contact's message is worn by it, and a second one replaces the first", async () => {
  const target = bubble("text", "Olá, tudo bem?");
  await target.hover();
  await target.getByRole("button", { name: "Reagir à mensagem" }).click();
  await page.getByRole("menuitem", { name: "Reagir com 👍" }).click();
  await target.locator(".bubble-reaction", { hasText: "👍" }).waitFor();
  await fake.sentWhere((b) => b.type === "reaction" && b.reaction?.emoji === "👍");

  await target.hover();
  await target.getByRole("button", { name: "Reagir à mensagem" }).click();
  await page.getByRole("menuitem", { name: "Reagir com ❤️" }).click();
  await target.locator(".bubble-reaction", { hasText: "❤️" }).waitFor();
  await fake.sentWhere((b) => b.type === "reaction" && b.reaction?.emoji === "❤️");
  assert.equal(await target.locator(".bubble-reaction").count(), 1, "one reaction at a time");
  // Our reactions are worn, never rows of the history.
  assert.equal(await pane().locator(".message.outgoing[data-kind=reaction]").count(), 0);

  // Taken back: the message is bare again, after a reload too (the history is folded the same way).
  await target.hover();
  await target.getByRole("button", { name: "Reagir à mensagem" }).click();
  await page.getByRole("menuitem", { name: "Remover reação" }).click();
  await target.locator(".bubble-reaction").waitFor({ state: "detached" });
  await fake.sentWhere((b) => b.type === "reaction" && b.reaction?.emoji === "");
  await page.reload();
  await target.waitFor();
  assert.equal(await target.locator(".bubble-reaction").count(), 0);
});

journey("C19: a message sent from the WhatsApp Business app shows in yellow with its notice; S14: the forward's system line", async () => {
  await webhook(server.url, channel, echo(PHONE, "Respondi pelo celular"), "smb_message_echoes");
  const yellow = pane().locator(".message.echo", { hasText: "Respondi pelo celular" });
  await yellow.locator(".echo-note", { hasText: exactly("Enviada via Whatsapp Business") }).waitFor();
  assert.equal(await yellow.locator(".bubble").evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(255, 244, 194)");
  await yellow.locator(".bubble-author", { hasText: "WhatsApp Business" }).waitFor();

  // Another user forwards the open chat from elsewhere: its system line arrives live, as a
  // message.created event, with no reload of the page.
  const rita = await otherUser();
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
  await rita.post(`/api/v1/conversations/${chat.id}/forward`, { department_id: 1 });
  const line = pane().locator(".message.system", { hasText: "Rita Remota encaminhou a conversa para o departamento Suporte." });
  await line.waitFor();
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "the line came without a reload");
  assert.equal(await line.evaluate((el) => getComputedStyle(el).justifyContent), "center", "a system line is centred");
});

journey("C18: a flow whose template is gone leaves its line in the open chat, live, not for the contact", async () => {
  // Tiago writes while the chatbot is off, and his service is closed by another user: his next
  // message meets the initial flow.
  await webhook(server.url, channel, inbound(TIAGO, "Tiago Template", "text", { text: { body: "Bom dia" } }));
  const tiago = await eventually(() => admin.conversationByPhone(TIAGO));
  await (await otherUser()).post(`/api/v1/conversations/${tiago.id}/close`, { message: null });
  fake.templates = [
    { id: "t-1", name: "boas_vindas", language: "pt_BR", status: "APPROVED", category: "UTILITY", parameter_format: "POSITIONAL", components: [{ type: "BODY", text: "Bem-vindo!" }] },
  ];
  await admin.post(`/api/v1/channels/${channel.id}/templates/sync`, {});
  const saved = await admin.post("/api/v1/flows", {
    formatVersion: "1.0.0",
    name: "Template",
    entry: "tpl",
    nodes: [
      { id: "tpl", type: "send-template", typeVersion: 1, config: { name: "boas_vindas", language: "pt_BR", parameters: [] } },
      { id: "fim", type: "end", typeVersion: 1, config: {} },
    ],
    edges: [{ from: { node: "tpl", port: "next" }, to: "fim" }],
  });
  await admin.post(`/api/v1/flows/${saved.flow.id}/publish`, {});
  const settings = await admin.get("/api/v1/flow-settings");
  await admin.put("/api/v1/flow-settings", { ...settings, chatbot_enabled: true, initial_flow_id: saved.flow.id });
  // The template is deleted at Meta: the next sync marks it gone.
  fake.templates = [];
  await admin.post(`/api/v1/channels/${channel.id}/templates/sync`, {});

  // Tiago's chat is open on screen before the flow meets him: the line arrives live.
  await row(page, "Tiago Template").locator(".row-main").click();
  await bubble("text", "Bom dia").waitFor();
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
  await webhook(server.url, channel, inbound(TIAGO, "Tiago Template", "text", { text: { body: "Oi" } }));
  await eventually(async () => {
    const sessions = (await admin.get(`/api/v1/conversations/${tiago.id}/flow-sessions`)).items;
    assert.equal(sessions[0]?.status, "failed");
  });
  const line = pane().locator(".message.system.warning", {
    has: page.locator(".system-text", { hasText: exactly("--- Mensagem template não enviada, verifique o fluxo ---") }),
  });
  await line.waitFor();
  assert.equal(await line.evaluate((el) => getComputedStyle(el).justifyContent), "center");
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "the line came without a reload");
  assert.ok(!fake.sent.some((s) => s.body.to === TIAGO && s.body.type === "template"), "no template went to the contact");
  await admin.put("/api/v1/flow-settings", { ...settings, chatbot_enabled: false });
});

journey("S10: a contact who came from an ad shows its campaign in the settings panel", async () => {
  const phone = "5521977770003";
  await webhook(
    server.url,
    channel,
    inbound(phone, "Carol Campanha", "text", {
      text: { body: "Vi o anúncio" },
      referral: { source_url: "https://fb.me/x", source_id: "120000", source_type: "ad", headline: "Promo Verão", body: "Tudo com 20%" },
    }),
  );
  await row(page, "Carol Campanha").locator(".row-main").click();
  await page.getByRole("link", { name: "Abrir configurações do chat" }).click();
  await page.getByTestId("settings-panel").getByTestId("section-campaign").getByText("Promo Verão").waitFor();
});
