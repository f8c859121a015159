// "Configurações gerais" (issue 14 part 1, A4, F1) in a real browser: the page is on
// "Configurações"; the words to reach an agent and to restart the flow are edited as lists, and
// Monday's business hours set to 08:00–12:00 and 13:00–18:00; after a reload the page shows what
// the server keeps, checked through GET /api/v1/flow-settings, with the chatbot switch and the
// initial and closing flows as they were. An interval whose end is before its start is refused
// with a message on it and nothing is saved; removing every interval makes the account always open.
// The account card keeps the name, the time zone and the audio confirmation new users start with.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Api } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 90_000;

let server;
let browser;
let admin;
let context;
let page;
let initial;
const pages = {};

before(async () => {
  // The demo's chatbot stays on: the page must send it back as it is.
  server = await startServer({ chatbot: true });
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  initial = await admin.get("/api/v1/flow-settings");
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

const handover = () => page.getByLabel("Palavras para falar com atendente", { exact: true });
const restart = () => page.getByLabel("Palavras para recomeçar o fluxo", { exact: true });
const day = (name) => page.locator(`[data-testid=hours-day][data-day=${name}]`);
const from = (dayName, n) => page.getByLabel(`${dayName}: início do intervalo ${n}`, { exact: true });
const to = (dayName, n) => page.getByLabel(`${dayName}: fim do intervalo ${n}`, { exact: true });

journey("A4: Configurações gerais — keywords and Monday's hours saved, kept after a reload, the flows untouched", async () => {
  await page.goto(`${server.url}/admin`);
  await page.getByRole("navigation", { name: "Configurações" }).getByRole("link", { name: /^Configurações gerais/ }).click();
  await page.getByRole("heading", { name: "Configurações gerais" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/settings");

  // What the server keeps by default: the words, and no hours (always open).
  assert.equal(await handover().inputValue(), initial.settings.handover_keywords.join("\n"));
  assert.equal(await restart().inputValue(), initial.settings.restart_keywords.join("\n"));
  await page.getByTestId("always-open").getByText("Nenhum horário definido: a conta está sempre aberta.").waitFor();

  // Words one per line or by commas; repeats (case and accents aside) are left out.
  await handover().fill("atendente\nhumano, Pessoa\nHUMANO");
  await restart().fill("menu\ninício\n\nrecomeçar");

  await page.getByRole("button", { name: "Adicionar intervalo em Segunda-feira" }).click();
  await from("Segunda-feira", 1).fill("08:00");
  await to("Segunda-feira", 1).fill("12:00");
  await page.getByRole("button", { name: "Adicionar intervalo em Segunda-feira" }).click();
  await from("Segunda-feira", 2).fill("13:00");
  await to("Segunda-feira", 2).fill("18:00");
  assert.equal(await page.getByTestId("always-open").count(), 0, "with hours the account is no longer always open");
  await day("tuesday").getByText("Fechado").waitFor();
  await assertNoSeriousViolations(page, "Configurações gerais");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "admin-account-settings.png"), fullPage: true });
  await page.getByRole("button", { name: "Salvar", exact: true }).click();
  await page.getByText("Configurações gerais salvas.").waitFor();
  await eventually(async () => assert.equal(await handover().inputValue(), "atendente\nhumano\nPessoa"));

  const saved = await admin.get("/api/v1/flow-settings");
  assert.deepEqual(saved.settings.handover_keywords, ["atendente", "humano", "Pessoa"]);
  assert.deepEqual(saved.settings.restart_keywords, ["menu", "início", "recomeçar"]);
  assert.deepEqual(saved.settings.business_hours.monday, [["08:00", "12:00"], ["13:00", "18:00"]]);
  for (const other of ["tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]) {
    assert.deepEqual(saved.settings.business_hours[other] ?? [], [], `${other} has no hours`);
  }
  assert.equal(saved.chatbot_enabled, initial.chatbot_enabled, "the chatbot switch is as it was");
  assert.equal(saved.initial_flow_id ?? null, initial.initial_flow_id ?? null, "the initial flow is as it was");
  assert.equal(saved.closing_flow_id ?? null, initial.closing_flow_id ?? null, "the closing flow is as it was");

  // After a reload the page shows what the server keeps.
  await page.reload();
  await page.getByRole("heading", { name: "Configurações gerais" }).waitFor();
  assert.equal(await handover().inputValue(), "atendente\nhumano\nPessoa");
  assert.equal(await restart().inputValue(), "menu\ninício\nrecomeçar");
  assert.deepEqual(
    [await from("Segunda-feira", 1).inputValue(), await to("Segunda-feira", 1).inputValue(), await from("Segunda-feira", 2).inputValue(), await to("Segunda-feira", 2).inputValue()],
    ["08:00", "12:00", "13:00", "18:00"],
  );
  assert.equal(await day("monday").getByTestId("hours-interval").count(), 2);
});

journey("A4: an interval that ends before it starts is refused with a message; nothing is saved", async () => {
  await page.goto(`${server.url}/admin/settings`);
  await from("Segunda-feira", 1).waitFor();
  await page.getByRole("button", { name: "Adicionar intervalo em Sexta-feira" }).click();
  await from("Sexta-feira", 1).fill("18:00");
  await to("Sexta-feira", 1).fill("08:00");
  await page.getByRole("button", { name: "Salvar", exact: true }).click();
  const interval = day("friday").getByTestId("hours-interval");
  await interval.getByText("O início deve ser antes do fim.").waitFor();
  assert.equal(await from("Sexta-feira", 1).getAttribute("aria-invalid"), "true");
  await page.getByTestId("hours-error").getByText("Corrija os horários marcados antes de salvar.").waitFor();
  assert.deepEqual((await admin.get("/api/v1/flow-settings")).settings.business_hours.friday ?? [], [], "nothing saved");
  await assertNoSeriousViolations(page, "Configurações gerais com erro");

  // A time that is not HH:MM is refused too; fixing it clears the message as it is typed.
  await to("Sexta-feira", 1).fill("25:00");
  await interval.getByText("Use HH:MM, por exemplo 08:00.").waitFor();
  await from("Sexta-feira", 1).fill("8:00");
  await to("Sexta-feira", 1).fill("17:00");
  await eventually(async () => assert.equal(await interval.locator(".field-error").count(), 0));
  await page.getByRole("button", { name: "Salvar", exact: true }).click();
  await page.getByText("Configurações gerais salvas.").waitFor();
  await eventually(async () => assert.deepEqual((await admin.get("/api/v1/flow-settings")).settings.business_hours.friday, [["08:00", "17:00"]]));
  assert.equal(await from("Sexta-feira", 1).inputValue(), "08:00", "the time is shown as the server keeps it");

  // Every interval removed: the account is always open again.
  await page.getByRole("button", { name: "Remover o intervalo 1 de Sexta-feira" }).click();
  await page.getByRole("button", { name: "Remover o intervalo 2 de Segunda-feira" }).click();
  await page.getByRole("button", { name: "Remover o intervalo 1 de Segunda-feira" }).click();
  await page.getByTestId("always-open").waitFor();
  await page.getByRole("button", { name: "Salvar", exact: true }).click();
  await eventually(async () => {
    const hours = (await admin.get("/api/v1/flow-settings")).settings.business_hours;
    assert.deepEqual(Object.values(hours).flat(), []);
  });
});

journey("A4: the account's name and time zone are saved, kept after a reload; an empty name is refused", async () => {
  await page.goto(`${server.url}/admin/settings`);
  const card = page.getByRole("region", { name: "Conta" });
  const name = card.getByLabel("Nome da conta", { exact: true });
  const zone = card.getByLabel("Fuso horário", { exact: true });
  assert.equal(await zone.inputValue(), (await admin.get("/api/v1/me")).account.timezone);
  await name.fill("Demo Manaus");
  await zone.selectOption("America/Manaus");
  await card.getByRole("button", { name: "Salvar conta" }).click();
  await page.getByText("Conta salva.").waitFor();
  await eventually(async () => {
    const me = await admin.get("/api/v1/me");
    assert.deepEqual([me.account.name, me.account.timezone], ["Demo Manaus", "America/Manaus"]);
  });
  await page.reload();
  await page.getByRole("region", { name: "Conta" }).waitFor();
  assert.equal(await zone.inputValue(), "America/Manaus");
  assert.equal(await name.inputValue(), "Demo Manaus");
  await assertNoSeriousViolations(page, "Configurações gerais");
});

journey("A4, C15: the audio confirmation new users start with is the account's choice", async () => {
  await page.goto(`${server.url}/admin/settings`);
  const card = page.getByRole("region", { name: "Conta" });
  const audio = card.getByLabel("Mostrar confirmação de envio de áudio", { exact: true });
  assert.equal(await audio.isChecked(), true, "asked before sending, by default");
  await audio.uncheck();
  await card.getByRole("button", { name: "Salvar conta" }).click();
  await page.getByText("Conta salva.").waitFor();
  await eventually(async () => assert.equal((await admin.get("/api/v1/me")).account.audio_confirmation_default, false));
  const created = await admin.post("/api/v1/users", {
    name: "Nova Agente", email: "nova.agente@atende.local", password: "senha-da-nova", role: "agent", chat_visibility: "own",
  });
  assert.equal(created.audio_confirmation, false, "a new user starts with the account's default");
  await page.reload();
  assert.equal(await page.getByRole("region", { name: "Conta" }).getByLabel("Mostrar confirmação de envio de áudio", { exact: true }).isChecked(), false);
});
