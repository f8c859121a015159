// Screenshots of the agent app for a reviewer (not a test): starts the server like the tests,
// plays a few contacts, sets up tags, a department, an agent, a blocked contact and a template,
// and saves desktop (1280×800) and phone (390×844) pictures under artifacts/screens/.
//
//   ATENDE_BIN=target/debug/atende node tests/browser/screenshots.mjs
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Api, simulatorSay } from "./api.mjs";
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
    await context.close();
  }
  console.log(`screenshots in ${OUT}`);
} finally {
  await browser.close();
  await server.stop();
}
