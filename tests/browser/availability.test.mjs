// "Agenda de atendimentos" (S9, "Mensagens Agendadas no Google Agenda") in a real browser, as the
// demo admin: the page is on "Configurações" next to "Configurações gerais"; 45-minute slots and
// Monday–Friday 09:00–12:00 are saved and kept after a reload (checked through GET
// /api/v1/availability); a 1-minute slot is refused with the server's message under "Duração de
// cada atendimento" and nothing is saved; "Próximos horários livres" lists the server's free
// slots, 45 minutes each; the booked list and the .ics link; an agent is told it is for admins.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Api } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 90_000;
const WEEKDAYS = [
  ["monday", "Segunda-feira"],
  ["tuesday", "Terça-feira"],
  ["wednesday", "Quarta-feira"],
  ["thursday", "Quinta-feira"],
  ["friday", "Sexta-feira"],
];

let server;
let browser;
let admin;
let context;
let page;
const pages = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(WAIT);
  page = await context.newPage();
  pages.admin = page;
  await signIn(page, server);
}, { timeout: TEST_TIMEOUT });

after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

const journey = (name, fn) => test(name, { timeout: TEST_TIMEOUT }, () => withScreenshots(name, () => pages, fn));

const slot = () => page.getByLabel("Duração de cada atendimento (min)", { exact: true });
const notice = () => page.getByLabel("Antecedência mínima (min)", { exact: true });
const horizon = () => page.getByLabel("Dias à frente", { exact: true });
const from = (dayName, n) => page.getByLabel(`${dayName}: início do intervalo ${n}`, { exact: true });
const to = (dayName, n) => page.getByLabel(`${dayName}: fim do intervalo ${n}`, { exact: true });
const save = () => page.getByRole("button", { name: "Salvar", exact: true }).click();

journey("S9: 45-minute slots, Monday–Friday 09:00–12:00 saved and kept after a reload", async () => {
  await page.goto(`${server.url}/admin`);
  await page.getByRole("navigation", { name: "Configurações" }).getByRole("link", { name: /^Agenda de atendimentos/ }).click();
  await page.getByRole("heading", { name: "Agenda de atendimentos", level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/availability");

  const initial = await admin.get("/api/v1/availability");
  assert.equal(await slot().inputValue(), String(initial.slot_minutes));
  assert.equal(await notice().inputValue(), String(initial.notice_minutes));
  assert.equal(await horizon().inputValue(), String(initial.horizon_days));

  await slot().fill("45");
  for (const [, name] of WEEKDAYS) {
    if ((await from(name, 1).count()) === 0) await page.getByRole("button", { name: `Adicionar intervalo em ${name}` }).click();
    await from(name, 1).fill("09:00");
    await to(name, 1).fill("12:00");
  }
  await assertNoSeriousViolations(page, "Agenda de atendimentos");
  await save();
  await page.getByText("Agenda de atendimentos salva.").waitFor();

  const saved = await admin.get("/api/v1/availability");
  assert.equal(saved.slot_minutes, 45);
  assert.equal(saved.notice_minutes, initial.notice_minutes, "the notice is as it was");
  assert.equal(saved.horizon_days, initial.horizon_days, "the horizon is as it was");
  for (const [day] of WEEKDAYS) assert.deepEqual(saved.hours[day], [["09:00", "12:00"]], `${day} 09:00–12:00`);
  for (const day of ["saturday", "sunday"]) assert.deepEqual(saved.hours[day] ?? [], [], `${day} has no hours`);

  await page.reload();
  await page.getByRole("heading", { name: "Agenda de atendimentos", level: 1 }).waitFor();
  assert.equal(await slot().inputValue(), "45");
  for (const [, name] of WEEKDAYS) {
    assert.deepEqual([await from(name, 1).inputValue(), await to(name, 1).inputValue()], ["09:00", "12:00"], name);
  }
  assert.equal(await page.locator("[data-testid=hours-day][data-day=saturday]").getByText("Fechado").count(), 1);
});

journey("S9: a 1-minute slot is refused with the server's message under its field; nothing is saved", async () => {
  await page.goto(`${server.url}/admin/availability`);
  await slot().waitFor();
  await slot().fill("1");
  await save();
  const error = page.locator(".field", { has: slot() }).locator(".field-error");
  await error.getByText("A duração de um agendamento deve ficar entre 5 e 480 minutos.").waitFor();
  assert.equal(await slot().getAttribute("aria-invalid"), "true");
  assert.equal((await admin.get("/api/v1/availability")).slot_minutes, 45, "nothing saved");
  await assertNoSeriousViolations(page, "Agenda de atendimentos com erro");
  mkdirSync(ARTIFACTS, { recursive: true });
  await slot().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, "admin-availability-error.png") });
  // Typing again clears the message.
  await slot().fill("45");
  await eventually(async () => assert.equal(await error.count(), 0));
});

journey("S9: the free-slots preview lists the server's next slots, 45 minutes each; the booked list and the .ics link", async () => {
  await page.goto(`${server.url}/admin/availability`);
  const preview = page.getByTestId("free-slots");
  await preview.getByRole("heading", { name: "Próximos horários livres" }).waitFor();
  const free = (await admin.get("/api/v1/availability/free-slots")).items;
  assert.ok(free.length > 0, "there are free slots with Monday–Friday mornings");
  const items = preview.getByTestId("free-slot");
  await eventually(async () => assert.equal(await items.count(), Math.min(10, free.length)));
  for (let i = 0; i < (await items.count()); i++) {
    const item = items.nth(i);
    const [start, end] = [Number(await item.getAttribute("data-start")), Number(await item.getAttribute("data-end"))];
    assert.equal(start, free[i].start, "the server's slots, in its order");
    assert.equal(end - start, 45 * 60_000, "45 minutes");
    // dd/mm HH:MM–HH:MM in the account's zone, as the server writes the start (`local`).
    const [, month, day, hh, mm] = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(free[i].local);
    const text = (await item.textContent()).trim();
    assert.match(text, /^\d{2}\/\d{2} \d{2}:\d{2}–\d{2}:\d{2}$/);
    assert.ok(text.startsWith(`${day}/${month} ${hh}:${mm}–`), `${text} starts at ${free[i].local}`);
    assert.ok(["09:00", "09:45", "10:30", "11:15"].includes(`${hh}:${mm}`), `${hh}:${mm} is a 45-minute step from 09:00`);
  }

  const booked = page.getByTestId("account-appointments");
  await booked.getByRole("heading", { name: "Atendimentos agendados" }).waitFor();
  const list = (await admin.get(`/api/v1/appointments?from=${Date.now()}`)).items;
  if (list.length === 0) await booked.getByText("Nenhum atendimento agendado por vir.").waitFor();
  else await eventually(async () => assert.equal(await booked.getByTestId("account-appointment").count(), list.length));
  const link = booked.getByRole("link", { name: "Exportar agenda (.ics)" });
  assert.equal(await link.getAttribute("href"), "/api/v1/appointments/calendar.ics");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "admin-availability.png"), fullPage: true });
});

journey("S9: an agent opening the page is told it is for admins", async () => {
  await admin.post("/api/v1/users", {
    name: "Bruna Agenda",
    email: "bruna.agenda@atende.local",
    password: "senha-da-bruna",
    role: "agent",
    chat_visibility: "all",
  });
  const agentContext = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 } });
  agentContext.setDefaultTimeout(WAIT);
  try {
    const agentPage = await agentContext.newPage();
    pages.agent = agentPage;
    await signIn(agentPage, server, { email: "bruna.agenda@atende.local", password: "senha-da-bruna" });
    await agentPage.goto(`${server.url}/admin/availability`);
    await agentPage.getByTestId("admin-only").getByText("Esta área é apenas para administradores.").waitFor();
    assert.equal(await agentPage.getByLabel("Duração de cada atendimento (min)").count(), 0, "no form");
    await assertNoSeriousViolations(agentPage, "Agenda de atendimentos (agente)");
  } finally {
    await agentContext.close();
  }
});
