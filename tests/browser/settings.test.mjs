// The settings panel (S1–S17), the closing dialog (K1–K5), "Meu Perfil" (K3) and the support
// code (A2) in a real browser against the real server (issue 12): the panel opened and closed
// from the header (C5), every section used as an agent would, forwards with their
// confirmations, a flow started from the chat (S16) with its automation icon (L10), its session
// and the contact tapping its buttons and a list in the simulator, the closing dialog's every
// field, an appointment booked from the simulator listed, exported and cancelled (S9), the
// panel and the composer on a phone (390×844).
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { Api, simulatorSay } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { launchBrowser, startServer, withScreenshots } from "./harness.mjs";
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
const extraContexts = [];

const PEOPLE = {
  "Sonia Settings": "5521955550001",
  "Fabio Fluxo": "5521955550002",
  "Kátia Encerra": "5521955550003",
  "Telma Telefone": "5521955550004",
};

const panel = () => page.getByTestId("settings-panel");
const section = (id) => panel().getByTestId(`section-${id}`);
const pane = () => page.getByTestId("conversation-pane");
const header = () => page.locator(".pane-header");
const dialog = (id) => page.getByTestId(id);
const confirm = () => page.getByRole("dialog").filter({ has: page.getByRole("button", { name: "Sim" }) });

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  channel = (await admin.get("/api/v1/channels")).items.find((c) => c.kind === "simulator");
  await admin.post(`/api/v1/channels/${channel.id}/templates`, {
    name: "lembrete_visita",
    language: "pt_BR",
    category: "utility",
    components: [{ type: "BODY", text: "Olá {{1}}, sua visita está confirmada." }],
  });
  for (const [name, phone] of Object.entries(PEOPLE)) {
    await simulatorSay(server.simulatorUrl, phone, name, `Olá, sou ${name.split(" ")[0]}`);
    chats[name] = await admin.conversationByPhone(phone);
  }
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1366, height: 900 } });
  context.setDefaultTimeout(WAIT);
  page = await context.newPage();
  pages.desktop = page;
  await signIn(page, server);
}, { timeout: TEST_TIMEOUT });

after(async () => {
  for (const c of extraContexts) await c.close().catch(() => undefined);
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

let previousFailed = false;
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

/** Opens the chat and its settings panel from the header's toggle (C5). */
async function openSettings(name) {
  await row(page, name).locator(".row-main").click();
  await header().filter({ hasText: name }).waitFor();
  await page.getByRole("link", { name: "Abrir configurações do chat" }).click();
  await panel().waitFor();
}

/** Chooses `option` in a forward picker and presses "Encaminhar". */
async function forward(testId, option) {
  const picker = panel().getByTestId(testId);
  await picker.locator("select").selectOption({ label: option });
  await picker.getByRole("button", { name: "Encaminhar" }).click();
}

async function answer(question, reply = "Sim") {
  const box = page.getByRole("dialog").filter({ hasText: question });
  await box.waitFor();
  await box.getByRole("button", { name: reply, exact: true }).click();
  await box.waitFor({ state: "detached" });
}

journey("C5 and S1–S5: the panel opens from the header, the name and data are edited with the field plugin's messages", async () => {
  await openSettings("Sonia Settings");
  const id = chats["Sonia Settings"].id;
  assert.equal(new URL(page.url()).pathname, `/chat/${id}/settings`);

  // S1: the name, changed with its edit icon, is the chat's title and the list row's too.
  await section("name").getByRole("button", { name: "Editar nome" }).click();
  await section("name").getByLabel("Nome").fill("Sônia Souza");
  await section("name").getByRole("button", { name: "Salvar" }).click();
  await section("name").getByTestId("contact-name").getByText("Sônia Souza").waitFor();
  await header().getByText("Sônia Souza").waitFor();
  await row(page, "Sônia Souza").waitFor();

  // S2: "Editar dados"; the server's message lands under the field it names.
  const info = section("info");
  await info.getByTestId("info-phone").getByText(PEOPLE["Sonia Settings"]).waitFor();
  await info.getByRole("button", { name: "Editar dados" }).click();
  const edit = dialog("edit-contact-dialog");
  await edit.getByLabel("E-mail").fill("sonia@");
  await edit.getByRole("button", { name: "Salvar" }).click();
  const emailField = edit.locator(".field", { has: page.getByLabel("E-mail") });
  await emailField.locator(".field-error", { hasText: "O campo E-mail deve conter um e-mail válido" }).waitFor();
  await edit.getByLabel("E-mail").fill("sonia@exemplo.com.br");
  await edit.getByLabel("Data de nascimento").fill("31/02/1990");
  await edit.getByRole("button", { name: "Salvar" }).click();
  await edit.locator(".field", { has: page.getByLabel("Data de nascimento") }).locator(".field-error", { hasText: "Data de nascimento" }).waitFor();
  assert.equal(await emailField.locator(".field-error").count(), 0, "the e-mail's message went away");
  await edit.getByLabel("Data de nascimento").fill("31/05/1990");
  await edit.getByLabel("CPF").fill("529.982.247-25");
  await edit.getByLabel("RG").fill("12.345.678-9");
  await edit.getByLabel("Código do cliente").fill("C-42");
  // S3: a CNPJ brings "Dados da Empresa".
  await edit.getByLabel("CNPJ").fill("11222333000181");
  await edit.getByLabel("Nome da empresa").fill("Padaria Pão Quente");
  await edit.getByRole("button", { name: "Salvar" }).click();
  await edit.waitFor({ state: "detached" });
  await info.getByTestId("info-email").getByText("sonia@exemplo.com.br").waitFor();
  await info.getByTestId("info-birth_date").getByText("31/05/1990").waitFor();
  await info.getByTestId("info-cpf").getByText("529.982.247-25").waitFor();
  await info.getByTestId("info-client_code").getByText("C-42").waitFor();
  await section("company").getByText("Padaria Pão Quente").waitFor();
  await section("company").getByText("11.222.333/0001-81").waitFor();

  // S4: the session, with its end.
  await section("session").getByTestId("session-status").getByText(/^Sessão válida até \d\d\/\d\d\/\d{4} \d\d:\d\d$/).waitFor();

  // S5: the broadcast switch.
  const broadcast = panel().getByRole("switch", { name: "Recebe transmissões" });
  assert.equal(await broadcast.getAttribute("aria-checked"), "true");
  await broadcast.click();
  await eventually(async () => assert.equal(await broadcast.getAttribute("aria-checked"), "false"));
  assert.equal((await admin.get(`/api/v1/contacts/${chats["Sonia Settings"].contact.id}`)).receives_broadcasts, false);

  // The toggle closes the panel again.
  await page.getByRole("link", { name: "Fechar configurações do chat" }).click();
  await panel().waitFor({ state: "detached" });
  assert.equal(new URL(page.url()).pathname, `/chat/${id}`);
});

journey("S6 notes, S7 scheduled messages and S11 tags", async () => {
  const vip = await admin.post("/api/v1/tags", { name: "VIP" });
  await admin.post("/api/v1/tags", { name: "Robô", automation_only: true });
  await openSettings("Sônia Souza");

  // S6: add, edit and delete a note.
  await section("notes").getByRole("button", { name: "Adicionar observação" }).click();
  const note = dialog("note-dialog");
  await note.getByRole("button", { name: "Salvar" }).click();
  await note.getByText("Escreva a observação.").waitFor();
  await note.getByLabel("Texto").fill("Ligou pedindo segunda via do boleto");
  await note.getByLabel("Data").fill("2030-03-15");
  await note.getByLabel("Encaminha para").selectOption({ label: "Bruno Agente" });
  await note.getByRole("button", { name: "Salvar" }).click();
  const card = section("notes").getByTestId("note");
  await card.getByText("Ligou pedindo segunda via do boleto").waitFor();
  await card.getByText("Encaminhada para Bruno Agente").waitFor();
  await card.getByText("Data: 15/03/2030").waitFor();
  await card.getByText("Ana Demo").waitFor();
  await card.getByRole("button", { name: "Editar" }).click();
  await note.getByLabel("Texto").fill("Ligou pedindo a segunda via");
  await note.getByRole("button", { name: "Salvar" }).click();
  await card.getByText("Ligou pedindo a segunda via").waitFor();
  await card.getByRole("button", { name: "Excluir" }).click();
  await answer("Tem certeza que deseja excluir essa observação?");
  await section("notes").getByText("Nenhuma observação.").waitFor();

  // S7: schedule a template that opens the service for an agent, then cancel it.
  await section("scheduled").getByRole("button", { name: "Agendar nova mensagem" }).click();
  const schedule = dialog("schedule-dialog");
  await schedule.getByLabel("Mensagem template").selectOption({ label: "lembrete_visita · Utilidade" });
  await schedule.getByLabel("{{1}} do corpo").fill("Sônia");
  await schedule.getByTestId("template-preview").getByText("Olá Sônia, sua visita está confirmada.").waitFor();
  const when = await page.evaluate(() => {
    const d = new Date(Date.now() + 2 * 86_400_000);
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T10:30`;
  });
  await schedule.getByLabel("Data").fill(when);
  await schedule.getByLabel("Abrir atendimento?").check();
  await schedule.getByLabel("Encaminhar para agente").selectOption({ label: "Bruno Agente" });
  await schedule.getByRole("button", { name: "Agendar", exact: true }).click();
  await schedule.waitFor({ state: "detached" });
  const scheduled = section("scheduled").getByTestId("scheduled-message");
  await scheduled.getByText("lembrete_visita").waitFor();
  await scheduled.getByText("Abre atendimento para Bruno Agente").waitFor();
  await scheduled.getByText(/^Envio: \d\d\/\d\d\/\d{4} 10:30$/).waitFor();
  await scheduled.getByText(/^Agendada por Ana Demo em /).waitFor();
  await scheduled.getByRole("button", { name: "Cancelar envio" }).click();
  await answer("Tem certeza que deseja cancelar essa mensagem agendada?");
  await scheduled.getByText("Cancelada").waitFor();

  // S11: add an existing tag; automation-only ones are not offered; "+" creates one; removing asks.
  const tags = section("tags");
  const picker = tags.getByLabel("Adicionar etiqueta");
  assert.deepEqual(await picker.locator("option").allInnerTexts(), ["Escolha uma etiqueta", "VIP"], "Robô is automation-only");
  await picker.selectOption({ label: "VIP" });
  await tags.getByRole("button", { name: "Remover etiqueta VIP" }).waitFor();
  await tags.getByRole("button", { name: "Criar etiqueta" }).click();
  await tags.getByLabel("Nome da nova etiqueta").fill("Atacado");
  await tags.getByRole("button", { name: "Criar", exact: true }).click();
  await tags.getByRole("button", { name: "Remover etiqueta Atacado" }).waitFor();
  await tags.getByRole("button", { name: "Remover etiqueta VIP" }).click();
  await answer("Tem certeza que deseja remover essa etiqueta?");
  await tags.getByRole("button", { name: "Remover etiqueta VIP" }).waitFor({ state: "detached" });
  const contact = await admin.get(`/api/v1/contacts/${chats["Sonia Settings"].contact.id}`);
  assert.deepEqual(contact.tags.map((t) => t.name), ["Atacado"]);
  assert.ok(vip.id > 0);
});

journey("S8: flows scheduled for the contact are listed; one is deleted by clicking it, the rest with Remover fluxos", async () => {
  await openSettings("Sônia Souza");
  const flows = section("scheduled-flows");
  const when = (days) =>
    page.evaluate((d) => {
      const at = new Date(Date.now() + d * 86_400_000);
      const p = (n) => String(n).padStart(2, "0");
      return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}T09:00`;
    }, days);
  for (const days of [3, 5]) {
    await flows.getByRole("button", { name: "Agendar novo fluxo" }).click();
    const form = dialog("schedule-flow-dialog");
    await form.getByLabel("Fluxo").selectOption({ label: "Boas-vindas" });
    await form.getByLabel("Data").fill(await when(days));
    await form.getByRole("button", { name: "Agendar", exact: true }).click();
    await form.waitFor({ state: "detached" });
  }
  const items = flows.getByTestId("scheduled-flow");
  await eventually(async () => assert.equal(await items.count(), 2));
  await items.first().getByText(/^Agendado por Ana Demo em /).waitFor();
  await items.first().click();
  await answer("Tem certeza que deseja excluir esse agendamento?");
  await eventually(async () => assert.equal(await items.count(), 1));
  await flows.getByRole("button", { name: "Remover fluxos" }).click();
  await answer("Tem certeza que deseja remover todos os fluxos agendados deste contato?");
  await flows.getByText("Nenhum fluxo agendado.").waitFor();
  assert.deepEqual((await admin.get(`/api/v1/conversations/${chats["Sonia Settings"].id}/scheduled-flows`)).items, []);
});

journey("S12–S14: default agent, a forward to an agent with a second question when replacing, a forward to a department", async () => {
  await openSettings("Sônia Souza");
  // S12
  await panel().getByTestId("default-agent").locator("select").selectOption({ label: "Bruno Agente" });
  await eventually(async () =>
    assert.equal((await admin.get(`/api/v1/contacts/${chats["Sonia Settings"].contact.id}`)).default_agent?.name, "Bruno Agente"),
  );

  // S13: one question for a first agent…
  await forward("forward-agent", "Ana Demo");
  await answer("Tem certeza que deseja adicionar esse agente?");
  await header().getByText("Agente: Ana Demo").waitFor();
  // …two when replacing one; "Não" to the first stops there.
  await forward("forward-agent", "Bruno Agente");
  await answer("Tem certeza que deseja adicionar esse agente?", "Não");
  await page.waitForFunction(() => !document.querySelector("dialog[open]"));
  await header().getByText("Agente: Ana Demo").waitFor();
  await forward("forward-agent", "Bruno Agente");
  await answer("Tem certeza que deseja adicionar esse agente?");
  await answer("Tem certeza que deseja alterar o agente?");
  await header().getByText("Agente: Bruno Agente").waitFor();

  // S14: the department replaces the agent, and the history says who forwarded it.
  await forward("forward-department", "Suporte");
  await answer("Tem certeza que deseja salvar esse departamento?");
  await header().getByText("Departamento: Suporte").waitFor();
  await header().getByText(/Agente:/).waitFor({ state: "detached" });
  await pane().locator(".message.system", { hasText: "Ana Demo encaminhou a conversa para o departamento Suporte." }).waitFor();
  await row(page, "Sônia Souza").locator(".tag-department", { hasText: "Suporte" }).waitFor();
});

/** The simulator page as the contact `phone`, in its own context. */
async function simulatorAs(name, phone) {
  const sim = await browser.newContext({ locale: "pt-BR", viewport: { width: 420, height: 800 } });
  sim.setDefaultTimeout(WAIT);
  extraContexts.push(sim);
  const p = await sim.newPage();
  pages.simulator = p;
  await p.goto(server.simulatorUrl);
  await p.getByLabel("Seu nome").fill(name);
  await p.getByLabel("Seu telefone").fill(phone);
  await p.getByRole("button", { name: "Começar" }).click();
  await p.getByPlaceholder("Mensagem").waitFor();
  return p;
}

journey("S16 and L10: a flow started from the chat waits on the contact, who taps its buttons and a list in the simulator; the waiting flow is stopped", async () => {
  const sim = await simulatorAs("Fabio Fluxo", PEOPLE["Fabio Fluxo"]);
  await openSettings("Fabio Fluxo");
  await forward("forward-flow", "Boas-vindas");
  await answer("Tem certeza que deseja encaminhar para o fluxo Boas-vindas? O atendimento será encerrado.");

  // The contact meets the flow: its greeting and its three buttons.
  const company = sim.locator(".sim-message.company", { hasText: "Como podemos ajudar?" });
  await company.getByRole("button", { name: "Suporte" }).waitFor();
  await company.getByRole("button", { name: "Vendas" }).waitFor();
  await assertNoSeriousViolations(sim, "the simulator with buttons to tap");
  // L10: while the flow waits, the chat shows the automation icon (header and list row).
  await header().getByTestId("automation-icon").waitFor();
  await row(page, "Fabio Fluxo").getByRole("img", { name: /Automação em execução/ }).waitFor();
  await header().getByText("No robô").waitFor();
  const sessions = section("flows");
  await sessions.getByTestId("flow-session").filter({ hasText: "Boas-vindas" }).getByText("Aguardando", { exact: true }).waitFor();

  // A tap answers with the button's title and id: the flow goes on to its next question.
  await company.getByRole("button", { name: "Suporte" }).click();
  await sim.locator(".sim-message.own .bubble-text", { hasText: exactly("Suporte") }).waitFor();
  await sim.locator(".sim-message.company", { hasText: "qual é o seu e-mail?" }).waitFor();
  await pane().locator(".message.incoming", { hasText: "Suporte" }).getByTestId("tapped-reply").getByText("Resposta de botão").waitFor();

  // The agent stops the waiting flow: the icon goes away.
  await sessions.getByRole("button", { name: "Parar fluxo" }).click();
  await answer("Tem certeza que deseja parar esse fluxo?");
  await header().getByTestId("automation-icon").waitFor({ state: "detached" });
  await sessions.getByTestId("flow-session").first().getByText("Interrompido").waitFor();

  // A list sent to the contact opens from its button, and a row tapped is a list reply.
  await admin.post(`/api/v1/conversations/${chats["Fabio Fluxo"].id}/interactive`, {
    body: "Qual plano você prefere?",
    button: "Ver planos",
    sections: [{ title: "Planos", rows: [{ id: "prata", title: "Plano Prata" }, { id: "ouro", title: "Plano Ouro", description: "R$ 99" }] }],
  });
  const list = sim.locator(".sim-message.company", { hasText: "Qual plano você prefere?" });
  await list.getByRole("button", { name: /Ver planos/ }).click();
  await list.getByRole("button", { name: "Plano Ouro" }).click();
  await sim.locator(".sim-message.own .bubble-text", { hasText: exactly("Plano Ouro") }).waitFor();
  await pane().locator('.message[data-kind="interactive"]').getByText("Ver planos").waitFor();
  const reply = (await admin.get(`/api/v1/conversations/${chats["Fabio Fluxo"].id}/messages`)).items.find((m) => m.text === "Plano Ouro");
  assert.deepEqual(reply.payload.reply, { type: "button_reply", id: "ouro", title: "Plano Ouro" });
});

/** Every day 09:00–12:00 in one-hour slots, bookable up to their start, three days ahead. */
function mornings() {
  const days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
  return { slot_minutes: 60, hours: Object.fromEntries(days.map((d) => [d, [["09:00", "12:00"]]])), horizon_days: 3, notice_minutes: 0 };
}

journey("S9: an appointment the contact books by tapping a slot in the simulator is listed live, exported as .ics and cancelled", async () => {
  // The admin screens for availability come later: it and the flow are set through the API.
  await admin.put("/api/v1/availability", mornings());
  const saved = await admin.post("/api/v1/flows", {
    formatVersion: "1.0.0",
    name: "Agenda",
    entry: "agenda",
    nodes: [
      { id: "agenda", type: "schedule", typeVersion: 1, config: { per_page: 3 } },
      { id: "fim", type: "content", typeVersion: 1, config: { messages: ["Até lá!"] } },
    ],
    edges: [{ from: { node: "agenda", port: "booked" }, to: "fim" }],
  });
  await admin.post(`/api/v1/flows/${saved.flow.id}/publish`, {});
  const before = await admin.get("/api/v1/flow-settings");
  await admin.put("/api/v1/flow-settings", { chatbot_enabled: true, initial_flow_id: saved.flow.id, closing_flow_id: null });
  try {
    const name = "Agnes Agenda";
    const sim = await simulatorAs(name, "5521955550005");
    await sim.getByPlaceholder("Mensagem").fill("Oi");
    await sim.getByPlaceholder("Mensagem").press("Enter");
    const offer = sim.locator(".sim-message.company", { hasText: "Escolha um horário" });
    await offer.getByRole("button", { name: /Opções/ }).click();
    const slot = offer.locator(".sim-list-option").first();
    const title = (await slot.innerText()).trim(); // "dom., 06/12 às 09:00"
    const [, day, hour] = title.match(/(\d{2}\/\d{2}) às (\d{2}):00$/);

    // The panel is open before the tap: the booking shows up in it by itself.
    await openSettings(name);
    const appointments = section("appointments");
    await appointments.getByText("Ao realizar um agendamento por meio do nó de agendamento, os compromissos agendados aparecerão aqui.").waitFor();
    await slot.click();
    await sim.locator(".sim-message.company", { hasText: "Até lá!" }).waitFor();
    const card = appointments.getByTestId("appointment");
    await card.waitFor();
    // In the account's time zone (São Paulo), as the contact was offered it.
    const end = String(Number(hour) + 1).padStart(2, "0");
    await card.locator(".appointment-when", { hasText: new RegExp(`${day}/\\d{4}, ${hour}:00–${end}:00`) }).waitFor();
    await card.getByText(/^Agendado pelo fluxo Agenda em /).waitFor();
    await card.getByText("Agendado", { exact: true }).waitFor();
    await assertNoSeriousViolations(page, "the settings panel with an appointment");

    // "Exportar para agenda (.ics)": a calendar file with the event.
    const [download] = await Promise.all([page.waitForEvent("download"), appointments.getByRole("link", { name: "Exportar para agenda (.ics)" }).click()]);
    assert.match(download.suggestedFilename(), /\.ics$/);
    const ics = await readFile(await download.path(), "utf8");
    assert.equal(ics.match(/BEGIN:VEVENT/g)?.length, 1, ics);
    assert.match(ics, /SUMMARY:Atendimento: Agnes Agenda/);
    assert.match(ics, /STATUS:CONFIRMED/);

    // Cancelled after a "Sim": marked, no longer cancellable, and the time is free again.
    await card.getByRole("button", { name: "Cancelar agendamento" }).click();
    await answer("Tem certeza que deseja cancelar esse agendamento? O horário ficará livre para outros contatos.");
    await card.getByText("Cancelado", { exact: true }).waitFor();
    await card.getByText(/^Cancelado em /).waitFor();
    assert.equal(await card.getByRole("button", { name: "Cancelar agendamento" }).count(), 0);
    assert.equal(await card.locator(".appointment-when time").evaluate((el) => getComputedStyle(el).textDecorationLine), "line-through");
    const listed = await admin.get(`/api/v1/contacts/${(await admin.conversationByPhone("5521955550005")).contact.id}/appointments`);
    assert.equal(listed.items[0].status, "cancelled");
    await page.getByText("Agendamento cancelado.").waitFor();
  } finally {
    await admin.put("/api/v1/flow-settings", { ...before, chatbot_enabled: false });
  }
});

journey("S17: blocking empties the composer and locks the row; unblocking gives both back", async () => {
  await openSettings("Telma Telefone");
  await panel().getByRole("button", { name: "Bloquear Contato" }).click();
  await pane().getByText("Contato bloqueado, não é possível enviar ou receber mensagem").waitFor();
  await row(page, "Telma Telefone").getByRole("img", { name: "Contato bloqueado" }).waitFor();
  await panel().getByRole("button", { name: "Desbloquear Contato" }).click();
  await pane().locator("textarea").waitFor();
  await row(page, "Telma Telefone").getByRole("img", { name: "Contato bloqueado" }).waitFor({ state: "detached" });
});

journey("K1–K5 and Meu Perfil: the default closing message, closing fields with the plugin's messages, a scheduled close cancelled, a close now", async () => {
  const motivo = await admin.post("/api/v1/custom-fields", { key: "motivo", label: "Motivo", kind: "list", options: ["Resolvido", "Desistiu"] });
  const nota = await admin.post("/api/v1/custom-fields", { key: "nota", label: "Nota", kind: "number" });
  await admin.put("/api/v1/closing-fields", { items: [{ field_id: motivo.id, required: true }, { field_id: nota.id, required: false }] });
  const kátia = chats["Kátia Encerra"];
  await admin.put(`/api/v1/contacts/${kátia.contact.id}/fields/nota`, { value: "7" });

  // K3: the default closing message lives on "Meu Perfil".
  await page.getByTestId("user-name").click();
  await page.getByRole("menuitem", { name: "Meu Perfil" }).click();
  await page.getByRole("heading", { name: "Meu Perfil" }).waitFor();
  await page.getByLabel("Mensagem de encerramento").fill("Obrigado pelo contato!");
  await page.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Perfil salvo.").waitFor();
  await page.goto(`${server.url}/chat/${kátia.id}`);
  await header().filter({ hasText: "Kátia Encerra" }).waitFor();

  // C4 opens the dialog, pre-filled with the default.
  await header().getByRole("button", { name: "Encerrar atendimento" }).click();
  const close = dialog("close-dialog");
  assert.equal(await close.getByLabel("Mensagem de encerramento").inputValue(), "Obrigado pelo contato!");
  // K5: the required field is asked for; the optional number is checked by the plugin.
  await close.getByRole("button", { name: "Encerrar" }).click();
  await close.locator(".closing-field[data-field=motivo]").getByText("Preencha este campo.").waitFor();
  await close.getByLabel("Motivo *").selectOption("Resolvido");
  await close.getByLabel("Nota (opcional)").fill("muito");
  await close.getByRole("button", { name: "Encerrar" }).click();
  await close.locator(".closing-field[data-field=nota] .field-error", { hasText: "O campo Nota" }).waitFor();
  // Left blank, the optional field offers "Excluir valor atual".
  await close.getByLabel("Nota (opcional)").fill("");
  await close.locator(".closing-field[data-field=nota]").getByLabel("Excluir valor atual").check();

  // K2: minutes bring "Caso o usuário responda".
  await close.getByLabel("Tempo de encerramento").fill("0");
  await close.getByRole("button", { name: "Encerrar" }).click();
  await close.getByText("Informe um número inteiro de minutos, de 1 a 43200 (30 dias).").waitFor();
  await close.getByLabel("Tempo de encerramento").fill("30");
  await close.getByRole("radio", { name: "Cancelar o encerramento", exact: true }).check();
  await close.getByRole("button", { name: "Encerrar" }).click();
  await close.waitFor({ state: "detached" });
  const scheduled = header().getByTestId("scheduled-close");
  await scheduled.getByText(/Encerramento agendado: \d\d\/\d\d\/\d{4} \d\d:\d\d/).waitFor();
  const chat = await admin.get(`/api/v1/conversations/${kátia.id}`);
  assert.equal(chat.scheduled_close.if_contact_writes, "cancel");
  assert.ok(Math.abs(chat.scheduled_close.at - Date.now() - 30 * 60_000) < 120_000, "in 30 minutes");
  // …shown, and cancelled after a "Sim".
  await scheduled.click();
  await answer(/Tem certeza que deseja cancelar o encerramento agendado/);
  await scheduled.waitFor({ state: "detached" });

  // K1: close now, with the default message and the closing fields.
  await header().getByRole("button", { name: "Encerrar atendimento" }).click();
  await close.getByLabel("Motivo *").selectOption("Desistiu");
  await close.locator(".closing-field[data-field=nota]").getByLabel("Excluir valor atual").check();
  await close.getByRole("button", { name: "Encerrar" }).click();
  await close.waitFor({ state: "detached" });
  await header().getByText("Encerrado").waitFor();
  await header().getByRole("button", { name: "Encerrar atendimento" }).waitFor({ state: "detached" });
  await pane().locator(".message.outgoing", { hasText: "Obrigado pelo contato!" }).waitFor();
  const contact = await admin.get(`/api/v1/contacts/${kátia.contact.id}`);
  assert.equal(contact.custom_fields.motivo, "Desistiu");
  assert.equal(contact.custom_fields.nota ?? null, null, "Excluir valor atual removed the stored value");
});

journey("K3: the closing message cleared in the dialog sends nothing", async () => {
  await simulatorSay(server.simulatorUrl, PEOPLE["Kátia Encerra"], "Kátia Encerra", "Voltei");
  await page.goto(`${server.url}/chat/${chats["Kátia Encerra"].id}`);
  await header().getByText("Aberto").waitFor();
  const before = (await admin.get(`/api/v1/conversations/${chats["Kátia Encerra"].id}/messages`)).items.length;
  await header().getByRole("button", { name: "Encerrar atendimento" }).click();
  const close = dialog("close-dialog");
  await close.getByLabel("Mensagem de encerramento").fill("");
  await close.getByLabel("Motivo *").selectOption("Resolvido");
  await close.getByRole("button", { name: "Encerrar" }).click();
  await header().getByText("Encerrado").waitFor();
  const after = (await admin.get(`/api/v1/conversations/${chats["Kátia Encerra"].id}/messages`)).items;
  assert.equal(after.length, before, "no closing message was sent");
});

journey("A2: the support code in the user menu for who has the permission, not for the department agent; S6 without its permission", async () => {
  await page.getByTestId("user-name").click();
  const code = page.getByTestId("support-code");
  await code.getByText("Código de Suporte").waitFor();
  assert.match((await code.locator("strong").innerText()).trim(), /^[A-Z0-9]{6}$/);
  await page.keyboard.press("Escape");

  await admin.request("PATCH", "/api/v1/users/2", { permissions: { contact_notes: false, support_code: false } });
  const agentContext = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 800 } });
  agentContext.setDefaultTimeout(WAIT);
  extraContexts.push(agentContext);
  const agent = await agentContext.newPage();
  pages.agent = agent;
  await signIn(agent, server, { email: "agente@atende.local", password: server.password });
  await agent.getByTestId("user-name").click();
  await agent.getByRole("menuitem", { name: "Meu Perfil" }).waitFor();
  assert.equal(await agent.getByTestId("support-code").count(), 0);
  await agent.keyboard.press("Escape");
  // Sônia's chat went to Suporte, Bruno's department.
  await agent.goto(`${server.url}/chat/${chats["Sonia Settings"].id}/settings`);
  await agent.getByTestId("section-notes").getByText("Ver e escrever observações precisa da permissão").waitFor();
  assert.equal(await agent.getByRole("button", { name: "Adicionar observação" }).count(), 0);
});

journey("phone (390×844): list → conversation → settings → back, and the composer works", async () => {
  const phone = await browser.newContext({ locale: "pt-BR", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  phone.setDefaultTimeout(WAIT);
  extraContexts.push(phone);
  const p = await phone.newPage();
  pages.phone = p;
  await signIn(p, server);
  await row(p, "Telma Telefone").locator(".row-main").click();
  await p.locator(".pane-header", { hasText: "Telma Telefone" }).waitFor();
  await p.getByTestId("conversation-list").waitFor({ state: "hidden" });
  await p.getByRole("link", { name: "Abrir configurações do chat" }).click();
  const settings = p.getByTestId("settings-panel");
  await settings.getByTestId("section-info").waitFor();
  // The panel takes the screen: the conversation is out of sight.
  await p.getByTestId("conversation-pane").waitFor({ state: "hidden" });
  const box = await settings.boundingBox();
  assert.ok(box.width >= 388, `the panel is the whole width (${box.width})`);
  await settings.getByRole("link", { name: "Voltar para a conversa" }).click();
  const composer = p.getByTestId("conversation-pane").locator("textarea");
  await composer.fill("Respondendo pelo celular");
  await p.getByTestId("conversation-pane").getByRole("button", { name: "Enviar", exact: true }).click();
  await p.getByTestId("conversation-pane").locator(".message.outgoing", { hasText: "Respondendo pelo celular" }).waitFor();
  const composerBox = await p.getByTestId("composer").boundingBox();
  assert.ok(composerBox.y + composerBox.height <= 844 + 1, "the composer is on screen");
  await p.getByRole("link", { name: "Voltar para a lista" }).click();
  await row(p, "Telma Telefone").waitFor();
});
