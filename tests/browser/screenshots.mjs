// Screenshots of the agent app for a reviewer (not a test): starts the server like the tests,
// plays a few contacts, sets up tags, a department, an agent, a blocked contact, templates,
// closing fields and a conversation with messages of many kinds, and saves desktop (1280×800)
// and phone (390×844) pictures under artifacts/screens/: the list, a conversation, the filters,
// Novo chat, English with the resync banner; the kinds of messages, the composer's template
// mode outside the window, the variable suggestions, the settings panel, the closing dialog,
// "Meu Perfil", the search in a conversation (C2), the quick replies (C12) on their page and in
// the composer, and the simulator with buttons to tap.
//
//   ATENDE_BIN=target/debug/atende node tests/browser/screenshots.mjs
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Api, simulatorSay } from "./api.mjs";
import { png as gradientPng } from "./testMedia.mjs";
import { ARTIFACTS, launchBrowser, startServer } from "./harness.mjs";
import { row, signIn } from "./ui.mjs";

const OUT = join(ARTIFACTS, "screens");
mkdirSync(OUT, { recursive: true });

const server = await startServer();
const browser = await launchBrowser();
try {
  const admin = await Api.login(server.url, server.email, server.password);
  const channel = (await admin.get("/api/v1/channels")).items[0];
  const people = [
    ["Maria Silva", "5521999990001", "Oi, preciso de ajuda com meu pedido"],
    ["João Souza", "5521999990002", "Bom dia! Vocês abrem no sábado?"],
    ["Ana Costa", "5511988887777", "Qual o horário de funcionamento?"],
    ["Pedro Lima", "5531977776666", "Meu boleto venceu"],
    ["Carla Mendes", "5541966665555", "Obrigada!"],
  ];
  for (const [name, phone, text] of people) await simulatorSay(server.simulatorUrl, phone, name, text);
  const chat = async (phone) => admin.conversationByPhone(phone);
  const vip = await admin.post("/api/v1/tags", { name: "VIP" });
  await admin.post("/api/v1/quick-replies", { shortcut: "boas-vindas", text: "Olá {nome}! Em que posso ajudar?" });
  await admin.post("/api/v1/quick-replies", { shortcut: "boleto", text: "Segue a segunda via do boleto, {nome}." });
  await admin.post(`/api/v1/conversations/${(await chat("5521999990001")).id}/assign`, { agent_id: 2 });
  const joao = await chat("5521999990002");
  await admin.post(`/api/v1/conversations/${joao.id}/forward`, { department_id: 1 });
  await admin.post(`/api/v1/contacts/${joao.contact.id}/tags`, { tag_id: vip.id });
  await admin.post(`/api/v1/contacts/${(await chat("5531977776666")).contact.id}/block`);
  const carla = await chat("5541966665555");
  await admin.post(`/api/v1/conversations/${carla.id}/messages`, { text: "Por nada, Carla! Qualquer coisa estamos aqui." });
  await admin.post(`/api/v1/conversations/${carla.id}/read`);
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
  const form = new FormData();
  form.append("file", new Blob([png], { type: "image/png" }), "foto.png");
  await admin.request("POST", `/api/v1/conversations/${(await chat("5511988887777")).id}/media`, form);
  await admin.post(`/api/v1/channels/${channel.id}/templates`, {
    name: "pedido_enviado",
    language: "pt_BR",
    category: "utility",
    components: [{ type: "BODY", text: "Olá {{1}}, seu pedido {{2}} foi enviado." }],
  });

  // A conversation with many kinds of message (Ana Costa's).
  const ana = await chat("5511988887777");
  const say = (text) => simulatorSay(server.simulatorUrl, "5511988887777", "Ana Costa", text);
  await admin.post(`/api/v1/conversations/${ana.id}/messages`, { text: "Olá Ana! Segue a foto do produto." });
  const picture = new FormData();
  picture.append("file", new Blob([gradientPng(240, 150)], { type: "image/png" }), "produto.png");
  picture.append("caption", "Modelo azul, tamanho M");
  await admin.request("POST", `/api/v1/conversations/${ana.id}/media`, picture);
  await say("Perfeito, vocês entregam aqui?");
  await admin.post(`/api/v1/conversations/${ana.id}/location`, { latitude: -23.561684, longitude: -46.655981, name: "Loja Paulista", address: "Av. Paulista, 1000" });
  await admin.post(`/api/v1/conversations/${ana.id}/contact-card`, { name: "Entregas Rápidas", phone: "+55 11 3333-4444", email: "entregas@exemplo.com.br" });
  await admin.post(`/api/v1/conversations/${ana.id}/interactive`, {
    body: "Qual entrega você prefere?",
    buttons: [{ id: "hoje", title: "Hoje" }, { id: "amanha", title: "Amanhã" }],
  });
  await admin.post(`/api/v1/conversations/${ana.id}/messages`, { text: "/interna Cliente VIP, priorizar a entrega" });
  const history = await admin.get(`/api/v1/conversations/${ana.id}/messages`);
  const question = history.items.find((m) => m.text === "Perfeito, vocês entregam aqui?");
  await admin.post(`/api/v1/conversations/${ana.id}/reactions`, { message_id: question.id, emoji: "👍" });
  await admin.post(`/api/v1/contacts/${ana.contact.id}/notes`, { text: "Prefere entregas pela manhã", date: "20/12/2030" });
  await admin.request("PATCH", `/api/v1/contacts/${ana.contact.id}`, { email: "ana@exemplo.com.br", cpf: "529.982.247-25", cnpj: "11222333000181", company_name: "Costa Modas" });
  const motivo = await admin.post("/api/v1/custom-fields", { key: "motivo", label: "Motivo", kind: "list", options: ["Resolvido", "Desistiu"] });
  const nota = await admin.post("/api/v1/custom-fields", { key: "nota", label: "Nota do atendimento", kind: "number" });
  await admin.put("/api/v1/closing-fields", { items: [{ field_id: motivo.id, required: true }, { field_id: nota.id, required: false }] });
  await admin.request("PATCH", "/api/v1/me", { default_closing_message: "Obrigado pelo contato! Qualquer coisa, estamos aqui." });
  // A chat outside the window: templates only (C7).
  const olga = await admin.post("/api/v1/new-chat", {
    channel_id: channel.id,
    name: "Olga Nova",
    phone: "21988776655",
    foreign: false,
    open_conversation: true,
    template_id: (await admin.get(`/api/v1/templates?channel_id=${channel.id}`)).items[0].id,
    positional: ["Olga", "#4521"],
  });

  for (const [label, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ]) {
    const context = await browser.newContext({ locale: "pt-BR", viewport, isMobile: label === "phone", hasTouch: label === "phone" });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    // The browser's clock 40 minutes ahead: the timers show their colours.
    await page.clock.install();
    await signIn(page, server);
    await page.clock.fastForward("40:00");
    await row(page, "Maria Silva").waitFor();
    await page.waitForTimeout(300);
    const shot = (name) => page.screenshot({ path: join(OUT, `${label}-${name}.png`) });
    await shot("list");
    await row(page, "Maria Silva").locator(".row-main").click();
    await page.locator(".pane-header", { hasText: "Maria Silva" }).waitFor();
    await shot("conversation");
    if (label === "phone") await page.getByRole("link", { name: "Voltar para a lista" }).click();
    await page.getByRole("button", { name: /^Filtros/ }).click();
    await page.getByTestId("filters-dialog").getByLabel("Etiqueta").selectOption({ label: "VIP" });
    await page.waitForTimeout(300);
    await shot("filters");
    await page.keyboard.press("Escape");
    await shot("filtered-list");
    await page.getByRole("button", { name: "Novo chat" }).click();
    const dialog = page.getByTestId("new-chat-dialog");
    await dialog.getByLabel("Nome do cliente").fill("Olga Nova");
    await dialog.getByLabel("Número do cliente").fill("21988776655");
    await dialog.getByLabel("Mensagem template").selectOption({ label: "pedido_enviado · Utilidade" });
    await dialog.getByLabel("{{1}} do corpo").fill("Olga");
    await dialog.getByLabel("{{2}} do corpo").fill("#4521");
    await dialog.getByTestId("template-preview").waitFor();
    await shot("new-chat");
    await page.keyboard.press("Escape");
    await page.goto(`${server.url}/chat`);
    await page.getByRole("button", { name: "EN", exact: true }).click();
    await row(page, "Maria Silva").waitFor();
    await page.evaluate(() => window.__atendeRealtime.drop());
    await page.getByRole("button", { name: "Resync" }).waitFor();
    await shot("english-resync");
    await page.getByRole("button", { name: "PT", exact: true }).click();

    // The conversation's kinds, the settings panel, the closing dialog.
    await page.goto(`${server.url}/chat/${ana.id}`);
    await page.locator(".message", { hasText: "Qual entrega você prefere?" }).waitFor();
    await page.locator(".media-link img").last().waitFor();
    await page
      .locator(".media-link img")
      .evaluateAll((imgs) => Promise.all(imgs.map((img) => (img.complete ? null : new Promise((r) => img.addEventListener("load", r))))));
    await shot("message-kinds");
    const pane = page.getByTestId("conversation-pane");
    await pane.locator("textarea").click();
    await pane.locator("textarea").pressSequentially("Olá {");
    await pane.getByRole("listbox").waitFor();
    await shot("variables");
    await pane.locator("textarea").fill("");
    await pane.locator("textarea").pressSequentially("/bo");
    await pane.getByRole("listbox", { name: "Respostas rápidas" }).waitFor();
    await shot("quick-replies-composer");
    await pane.locator("textarea").fill("");
    await pane.getByRole("button", { name: "Pesquisar na conversa" }).click();
    await pane.getByRole("searchbox", { name: "Pesquisar na conversa" }).fill("entrega");
    await pane.getByRole("list", { name: "Mensagens encontradas" }).waitFor();
    await shot("search");
    await pane.getByRole("searchbox", { name: "Pesquisar na conversa" }).press("Escape");
    await page.getByRole("link", { name: "Abrir configurações do chat" }).click();
    await page.getByTestId("settings-panel").getByTestId("section-notes").getByText("Prefere entregas").waitFor();
    await shot("settings");
    await page.getByTestId("settings-panel").getByTestId("section-forward").scrollIntoViewIfNeeded();
    await shot("settings-forward");
    if (label === "phone") await page.getByRole("link", { name: "Voltar para a conversa" }).click();
    await page.locator(".pane-header").getByRole("button", { name: "Encerrar atendimento" }).click();
    await page.getByTestId("close-dialog").getByLabel("Tempo de encerramento").fill("30");
    await shot("close-dialog");
    await page.keyboard.press("Escape");
    await page.goto(`${server.url}/chat/${olga.conversation.id}`);
    const templates = page.getByTestId("template-composer");
    await templates.getByRole("radio", { name: /pedido_enviado/ }).check();
    await templates.getByLabel("{{1}} do corpo").fill("Olga");
    await templates.getByLabel("{{2}} do corpo").fill("#4522");
    await templates.getByTestId("template-preview").waitFor();
    await shot("templates-only");
    await page.goto(`${server.url}/profile`);
    await page.getByRole("heading", { name: "Meu Perfil" }).waitFor();
    await shot("profile");
    await page.goto(`${server.url}/admin/quick-replies`);
    await page.getByTestId("quick-reply").first().waitFor();
    await shot("quick-replies");
    await context.close();
  }

  // The contact's side: buttons to tap in the simulator.
  const simContext = await browser.newContext({ locale: "pt-BR", viewport: { width: 420, height: 800 } });
  const sim = await simContext.newPage();
  await sim.goto(server.simulatorUrl);
  await sim.getByLabel("Seu nome").fill("Ana Costa");
  await sim.getByLabel("Seu telefone").fill("5511988887777");
  await sim.getByRole("button", { name: "Começar" }).click();
  await sim.getByRole("button", { name: "Amanhã" }).waitFor();
  await sim.screenshot({ path: join(OUT, "simulator-buttons.png") });
  await simContext.close();
  console.log(`screenshots in ${OUT}`);
} finally {
  await browser.close();
  await server.stop();
}
