// The contact's data rights under the LGPD (issue 17 part 3) in a real browser, as the demo admin
// in Portuguese. Through the simulator Maria Apagável writes "Meu CPF é 123.456.789-09" and
// "Obrigada", and João Bloqueado writes once and is blocked through the API. On "Contatos":
// "Exportar dados (LGPD)" of Maria downloads `contato-<id>.zip` (a ZIP: "PK"), and the same
// route fetched through the API holds `contato.json` with her name and her message (the archive's
// central directory read here, the entry inflated with node's zlib); "Apagar dados (LGPD)" of
// João shows the server's refusal (blocked) in the dialog and changes nothing; of Maria, after
// the dialog that says what goes, her row reads "Contato apagado" with "Dados apagados em
// dd/mm/aaaa" and no second "Apagar dados", her chat shows "Conteúdo apagado (LGPD)" in both
// bubbles (their times kept) and her CPF nowhere on the page, and the chat's message search
// finds nothing. "Configurações gerais" → "Retenção de dados (LGPD)": 0 months refused with the
// server's message under the field, 6 saved (kept after a reload, `account.retention_months` = 6
// in GET /api/v1/me), unchecked = null. "Registro de auditoria" lists "Dados do contato
// exportados", "Dados do contato apagados" and "Prazo de retenção alterado". axe on "Contatos"
// with the dialog open and on the settings page; screenshots data-rights-*.png.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { inflateRawSync } from "node:zlib";
import { Api, simulatorSay } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 120_000;
const MARIA = { name: "Maria Apagável", phone: "5521955559001" };
const JOAO = { name: "João Bloqueado", phone: "5521955559002" };
const CPF_TEXT = "Meu CPF é 123.456.789-09";
const THANKS = "Obrigada";
const ERASED = "Conteúdo apagado (LGPD)";
const BLOCKED_REFUSAL = "Contato bloqueado não pode ter os dados apagados; desbloqueie-o primeiro.";
const RANGE_REFUSAL = "O prazo de retenção precisa ser de 1 a 120 meses.";

let server;
let browser;
let admin;
let context;
let page;
let maria;
let joao;
let mariaChat;
const pages = {};

/** The contact with this phone, through the API. */
async function contactByPhone(phone) {
  const found = (await admin.get(`/api/v1/contacts?search=${phone}`)).items.find((c) => c.phone === phone);
  assert.ok(found, `no contact with phone ${phone}`);
  return found;
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  await simulatorSay(server.simulatorUrl, MARIA.phone, MARIA.name, CPF_TEXT);
  await simulatorSay(server.simulatorUrl, MARIA.phone, MARIA.name, THANKS);
  await simulatorSay(server.simulatorUrl, JOAO.phone, JOAO.name, "Oi, aqui é o João");
  maria = await contactByPhone(MARIA.phone);
  joao = await contactByPhone(JOAO.phone);
  await admin.post(`/api/v1/contacts/${joao.id}/block`);
  mariaChat = await admin.conversationByPhone(MARIA.phone);
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 }, acceptDownloads: true });
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

async function shot(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(ARTIFACTS, `data-rights-${name}.png`), fullPage: true });
}

const contactRow = (contact) => page.locator(`[data-testid=contact-row][data-id="${contact.id}"]`);
const rowName = (contact) => contactRow(contact).getByRole("rowheader");
const eraseButton = (contact, name) => contactRow(contact).getByRole("button", { name: `Apagar dados (LGPD) de ${name}` });

async function openContacts() {
  await page.goto(`${server.url}/admin/contacts`);
  await page.getByRole("heading", { name: "Contatos", exact: true }).waitFor();
  await contactRow(maria).waitFor();
}

/**
 * The entries of a ZIP archive by name, read from its central directory (enough for what the
 * server writes: no ZIP64, each entry stored or deflated).
 */
function unzip(buffer) {
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65_535); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  assert.ok(end >= 0, "the archive has an end of central directory");
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    assert.equal(buffer.readUInt32LE(at), 0x02014b50, "a central directory header");
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    assert.equal(buffer.readUInt32LE(local), 0x04034b50, `${name}: a local file header`);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    assert.ok(method === 0 || method === 8, `${name}: stored or deflated (method ${method})`);
    entries.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

journey("'Exportar dados (LGPD)' downloads the contact's ZIP, with contato.json holding her name and messages", async () => {
  await page.goto(`${server.url}/admin`);
  await page.getByRole("navigation", { name: "Configurações" }).getByRole("link", { name: /^Contatos/ }).click();
  await page.getByRole("heading", { name: "Contatos", exact: true }).waitFor();
  await contactRow(maria).waitFor();
  assert.equal(await rowName(maria).innerText(), MARIA.name);
  await shot("contacts");

  const link = contactRow(maria).getByRole("link", { name: `Exportar dados (LGPD) de ${MARIA.name}` });
  assert.equal(await link.innerText(), "Exportar dados (LGPD)");
  assert.equal(await link.getAttribute("href"), `/api/v1/contacts/${maria.id}/export`);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  assert.equal(download.suggestedFilename(), `contato-${maria.id}.zip`);
  const file = readFileSync(await download.path());
  assert.ok(file.length > 100, `the archive is not empty (${file.length} bytes)`);
  assert.equal(file.subarray(0, 2).toString("latin1"), "PK", "a ZIP file");

  // The same route from node: the archive holds contato.json with her data and her messages.
  const res = await fetch(`${server.url}/api/v1/contacts/${maria.id}/export`, { headers: { Cookie: admin.cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /application\/zip/);
  assert.match(res.headers.get("content-disposition") ?? "", new RegExp(`attachment; filename="contato-${maria.id}\\.zip"`));
  const entries = unzip(Buffer.from(await res.arrayBuffer()));
  assert.ok(entries.has("contato.json"), `entries: ${[...entries.keys()].join(", ")}`);
  const data = JSON.parse(entries.get("contato.json").toString("utf8"));
  assert.equal(data.contact.name, MARIA.name);
  assert.equal(data.contact.phone, MARIA.phone);
  const texts = data.conversations.flatMap((c) => c.messages.map((m) => m.text));
  assert.ok(texts.includes(CPF_TEXT), `her message is exported: ${JSON.stringify(texts)}`);
  assert.ok(texts.includes(THANKS), `her message is exported: ${JSON.stringify(texts)}`);
});

journey("'Apagar dados (LGPD)' of a blocked contact shows the server's refusal, and nothing changes", async () => {
  await openContacts();
  await contactRow(joao).waitFor();
  await eraseButton(joao, JOAO.name).click();
  const dialog = page.getByRole("dialog", { name: "Apagar dados do contato (LGPD)" });
  await dialog.waitFor();
  assert.equal(
    (await dialog.locator("p").first().innerText()).trim(),
    `Os dados de ${JOAO.name} serão apagados: nome, telefone, e-mail, documentos, campos, etiquetas, observações e o conteúdo de todas as mensagens e mídias das conversas. As conversas ficam registradas sem conteúdo. Isso não pode ser desfeito.`,
  );
  await assertNoSeriousViolations(page, "Contatos com o diálogo de apagar dados");
  await shot("erase-dialog");

  await dialog.getByRole("button", { name: "Sim", exact: true }).click();
  assert.equal(await dialog.getByRole("alert").innerText(), BLOCKED_REFUSAL);
  await shot("erase-refused");
  await dialog.getByRole("button", { name: "Não", exact: true }).click();
  await dialog.waitFor({ state: "detached" });

  assert.equal(await rowName(joao).innerText(), JOAO.name, "his row is as it was");
  assert.equal(await contactRow(joao).getByTestId("contact-erased").count(), 0);
  const after = await admin.get(`/api/v1/contacts/${joao.id}`);
  assert.equal(after.name, JOAO.name);
  assert.equal(after.phone, JOAO.phone);
  assert.equal(after.erased_at ?? null, null, "not erased");
});

journey("'Apagar dados (LGPD)' erases Maria: 'Contato apagado', her chat without content, nothing found", async () => {
  await openContacts();
  // The dialog opened for João showed a refusal; Maria's starts clean.
  await eraseButton(maria, MARIA.name).click();
  const dialog = page.getByRole("dialog", { name: "Apagar dados do contato (LGPD)" });
  await dialog.getByText(`Os dados de ${MARIA.name} serão apagados:`, { exact: false }).waitFor();
  assert.equal(await dialog.getByRole("alert").count(), 0, "no refusal left from another contact");
  await dialog.getByRole("button", { name: "Sim", exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByText(`Os dados de ${MARIA.name} foram apagados.`).waitFor();

  // The row: the server's name, the day the data went, no second erasure.
  const erased = await admin.get(`/api/v1/contacts/${maria.id}`);
  assert.equal(erased.name, "Contato apagado");
  assert.equal(typeof erased.erased_at, "number");
  assert.ok(!erased.phone, "the phone is gone");
  const day = await page.evaluate(
    (ms) => new Date(ms).toLocaleDateString("pt-BR", { day: "2-digit", month: "2-digit", year: "numeric" }),
    erased.erased_at,
  );
  await eventually(async () => assert.match(await rowName(maria).innerText(), /^Contato apagado\b/));
  assert.equal(await contactRow(maria).getByTestId("contact-erased").innerText(), `Dados apagados em ${day}`);
  assert.match(day, /^\d{2}\/\d{2}\/\d{4}$/);
  assert.equal(await contactRow(maria).getByRole("button", { name: /^Apagar dados \(LGPD\)/ }).count(), 0, "no second erasure offered");
  assert.equal(await contactRow(maria).locator(".contacts-phone").innerText(), "—");
  assert.ok(!(await page.getByRole("table", { name: "Contatos" }).innerText()).includes(MARIA.name), "her name is gone from the list");
  await shot("erased");

  // Her chat: both messages are bubbles without content, with their times; the CPF is nowhere.
  await page.goto(`${server.url}/chat/${mariaChat.id}`);
  const pane = page.locator(".pane-header", { hasText: "Contato apagado" });
  await pane.waitFor();
  const bubbles = page.locator("li.message.incoming");
  await eventually(async () => assert.equal(await bubbles.count(), 2));
  for (const bubble of await bubbles.all()) {
    assert.equal(await bubble.locator(".message-erased").innerText(), ERASED);
    assert.match(await bubble.locator(".bubble-meta time").innerText(), /\d{2}:\d{2}/, "the time stays");
    assert.equal(await bubble.locator(".message-erased").evaluate((el) => getComputedStyle(el).fontStyle), "italic");
  }
  const text = await page.locator("body").innerText();
  assert.ok(!text.includes("123.456.789-09"), "the CPF is nowhere on the page");
  assert.ok(!text.includes(THANKS), "nor her other message");
  assert.ok(!(await page.content()).includes("123.456.789-09"), "nor in the page's markup");
  await shot("chat");

  // The chat's message search finds nothing any more.
  const found = await admin.get(`/api/v1/conversations/${mariaChat.id}/messages/search?q=CPF`);
  assert.deepEqual(found.items, []);
  const messages = await admin.get(`/api/v1/conversations/${mariaChat.id}/messages`);
  const hers = messages.items.filter((m) => m.direction === "inbound");
  assert.equal(hers.length, 2);
  for (const m of hers) {
    assert.equal(m.text ?? null, null);
    assert.equal(typeof m.erased_at, "number");
  }
});

journey("'Retenção de dados (LGPD)' on 'Configurações gerais': 0 refused under the field, 6 months saved, unchecked = forever", async () => {
  await page.goto(`${server.url}/admin/settings`);
  const section = page.getByRole("region", { name: "Retenção de dados (LGPD)" });
  await section.waitFor();
  const enable = section.getByRole("checkbox", { name: "Apagar o conteúdo de conversas encerradas após", exact: true });
  const months = section.getByRole("spinbutton", { name: /meses$/ });
  const save = section.getByRole("button", { name: "Salvar retenção" });
  await section
    .getByText("As mensagens mais antigas que isso, em conversas que não estão em atendimento, perdem o texto e as mídias. A verificação roda uma vez por dia.", { exact: false })
    .waitFor();
  assert.equal((await admin.get("/api/v1/me")).account.retention_months ?? null, null, "kept forever by default");
  assert.equal(await enable.isChecked(), false);
  assert.equal(await months.isDisabled(), true, "no months while unchecked");

  // 0 months: the server refuses, and its message shows under the field.
  await enable.check();
  await months.fill("0");
  const [refused] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/account/retention" && r.request().method() === "PUT"),
    save.click(),
  ]);
  assert.equal(refused.status(), 422);
  assert.equal(await section.locator(".field-error").innerText(), RANGE_REFUSAL);
  assert.equal(await months.getAttribute("aria-invalid"), "true");
  const described = (await months.getAttribute("aria-describedby")).split(" ");
  assert.ok(described.includes(await section.locator(".field-error").getAttribute("id")), "the message describes the field");
  assert.equal((await admin.get("/api/v1/me")).account.retention_months ?? null, null, "nothing saved");
  await assertNoSeriousViolations(page, "Configurações gerais com a retenção recusada");
  await shot("retention-refused");

  // 6 months: saved, in /me, kept after a reload.
  await months.fill("6");
  await save.click();
  await page.getByText("Prazo de retenção salvo: 6 meses.").waitFor();
  assert.equal(await section.locator(".field-error").count(), 0);
  assert.equal((await admin.get("/api/v1/me")).account.retention_months, 6);
  await page.reload();
  await section.waitFor();
  assert.equal(await enable.isChecked(), true);
  assert.equal(await months.inputValue(), "6");
  await assertNoSeriousViolations(page, "Configurações gerais");
  await shot("retention");

  // Unchecked: kept forever again (null).
  await enable.uncheck();
  await save.click();
  await page.getByText("Retenção desativada: as mensagens são mantidas.").waitFor();
  assert.equal((await admin.get("/api/v1/me")).account.retention_months ?? null, null);
  await page.reload();
  await section.waitFor();
  assert.equal(await enable.isChecked(), false);
});

journey("'Registro de auditoria' lists the export, the erasure and the retention change", async () => {
  await page.goto(`${server.url}/admin/audit`);
  await page.getByRole("heading", { name: "Registro de auditoria" }).waitFor();
  const table = page.getByRole("table", { name: "Registro de auditoria" });
  await page.getByTestId("audit-entry").first().waitFor();
  await eventually(async () => assert.equal(await table.getAttribute("aria-busy"), "false"));
  const actions = await page
    .getByTestId("audit-entry")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")][2]?.innerText.trim()));
  for (const label of ["Dados do contato exportados", "Dados do contato apagados", "Prazo de retenção alterado"]) {
    assert.ok(actions.includes(label), `${label} in ${JSON.stringify(actions)}`);
  }
});
