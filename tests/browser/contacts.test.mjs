// "Contatos" and "Importar contatos" (A6, S17) in a real browser, as the admin in Portuguese:
// "Novo contato" with the server's refusals under their fields (a bad CPF, a repeated phone),
// an edit, the search; a contact blocked through the API shows "Bloqueado? Sim", the filter
// keeps only blocked ones and its "Excluir" is off (from a stale page the server refuses it and
// its message shows), unblocked it is deleted after "Sim"; a semicolon CSV imported with the
// suggested mapping and "Pular a linha" (3 created, 2 rejected, the report downloaded, the
// import kept after a reload), its contacts in the list; "Exportar CSV" of the filtered list.
// "Empresas" (S3): a CNPJ with wrong check digits refused under CNPJ, a company added, two
// contacts with its CNPJ counted, "Ver contatos" lists exactly them under a removable chip
// (`?cnpj=`, also in the export's link), "Renomear" in place. Axe on the three pages.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Api } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 120_000;
const CARLA = { name: "Carla Contato", phone: "5521955558001" };
const BRUNO = { name: "Bruno Bloqueado", phone: "5521955558002" };

let server;
let browser;
let admin;
let context;
let page;
let tmp;
const pages = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(WAIT);
  page = await context.newPage();
  pages.admin = page;
  tmp = mkdtempSync(join(tmpdir(), "atende-contacts-"));
  await signIn(page, server);
}, { timeout: TEST_TIMEOUT });

after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const journey = (name, fn) => test(name, { timeout: TEST_TIMEOUT }, () => withScreenshots(name, () => pages, fn));

/** The error text a Field shows under the control labelled `label`, once the control is invalid. */
async function fieldError(scope, label) {
  const control = scope.getByLabel(label, { exact: true });
  await eventually(async () => assert.equal(await control.getAttribute("aria-invalid"), "true", `${label} is not marked invalid`));
  const id = (await control.getAttribute("aria-describedby")).split(" ").find((x) => x.endsWith("-error"));
  return page.locator(`[id="${id}"]`).innerText();
}

const table = () => page.getByRole("table", { name: "Contatos" });
const contactRow = (name) => page.locator("[data-testid=contact-row]", { has: page.getByRole("rowheader", { name, exact: true }) });
const rowNames = () => page.locator("[data-testid=contact-row] th").allInnerTexts();
const search = () => page.getByLabel("Buscar", { exact: true });

/** The contacts with this phone, through the API (the list's own search). */
async function contactByPhone(phone) {
  const found = (await admin.get(`/api/v1/contacts?search=${phone}`)).items.find((c) => c.phone === phone);
  assert.ok(found, `no contact with phone ${phone}`);
  return found;
}

/** Clicks `link` and reads the file it downloads. */
async function download(link) {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), "utf8").replace(/^\uFEFF/, "") };
}

journey("A6: Novo contato with the server's refusals under their fields, edit, search", async () => {
  await page.goto(`${server.url}/admin`);
  const nav = page.getByRole("navigation", { name: "Configurações" });
  await nav.getByRole("link", { name: /^Contatos/ }).click();
  await page.getByRole("heading", { name: "Contatos", exact: true }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/contacts");
  await page.getByTestId("contacts-total").getByText(/\d+ contatos?/).waitFor();

  // A bad CPF: the server's message under CPF; emptied, the contact is created.
  await page.getByRole("button", { name: "Novo contato" }).click();
  const dialog = page.getByTestId("contact-dialog");
  await dialog.getByLabel("Nome", { exact: true }).fill(CARLA.name);
  await dialog.getByLabel("Telefone", { exact: true }).fill(CARLA.phone);
  await dialog.getByLabel("CPF", { exact: true }).fill("123");
  await dialog.getByRole("button", { name: "Criar contato" }).click();
  assert.match(await fieldError(dialog, "CPF"), /CPF/);
  await dialog.getByLabel("CPF", { exact: true }).fill("");
  await dialog.getByRole("button", { name: "Criar contato" }).click();
  await dialog.waitFor({ state: "detached" });
  await contactRow(CARLA.name).waitFor();
  assert.match(await contactRow(CARLA.name).innerText(), new RegExp(`${CARLA.phone}[\\s\\S]*Sim\\s+Não`));

  // "Editar": the e-mail, saved with PATCH and shown in the row.
  await contactRow(CARLA.name).getByRole("button", { name: `Editar ${CARLA.name}` }).click();
  assert.equal(await dialog.getByLabel("Telefone", { exact: true }).inputValue(), CARLA.phone, "the form is filled in");
  await dialog.getByLabel("E-mail", { exact: true }).fill("carla@contato.com.br");
  await dialog.getByRole("button", { name: "Salvar", exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  await contactRow(CARLA.name).getByText("carla@contato.com.br").waitFor();
  assert.equal((await contactByPhone(CARLA.phone)).email, "carla@contato.com.br");

  // The search finds her (and only her).
  await search().fill("Carla Cont");
  await eventually(async () => assert.deepEqual(await rowNames(), [CARLA.name]));
  await page.getByTestId("contacts-total").getByText("1 contato", { exact: true }).waitFor();

  // The same phone again: refused, under Telefone.
  await page.getByRole("button", { name: "Novo contato" }).click();
  await dialog.getByLabel("Nome", { exact: true }).fill("Outra Carla");
  await dialog.getByLabel("Telefone", { exact: true }).fill(CARLA.phone);
  await dialog.getByRole("button", { name: "Criar contato" }).click();
  assert.match(await fieldError(dialog, "Telefone"), /telefone/i);
  await dialog.getByRole("button", { name: "Cancelar" }).click();
  await dialog.waitFor({ state: "detached" });
  await search().fill("");
});

journey("S17: a blocked contact shows 'Bloqueado? Sim', the filter keeps it, it cannot be deleted until unblocked", async () => {
  const bruno = await admin.post("/api/v1/contacts", BRUNO);
  await admin.post(`/api/v1/contacts/${bruno.id}/block`);
  await page.goto(`${server.url}/admin/contacts`);
  await contactRow(BRUNO.name).waitFor();
  assert.equal(await contactRow(BRUNO.name).locator("td[data-col=blocked]").innerText(), "Sim");
  assert.equal(await contactRow(CARLA.name).locator("td[data-col=blocked]").innerText(), "Não");

  // "Bloqueado? Sim": only blocked contacts.
  await page.getByLabel("Bloqueado?", { exact: true }).selectOption({ label: "Sim" });
  await eventually(async () => assert.deepEqual(await rowNames(), [BRUNO.name]));
  const del = contactRow(BRUNO.name).getByRole("button", { name: `Excluir ${BRUNO.name}` });
  assert.equal(await del.isDisabled(), true, "a blocked contact's Excluir is off");
  assert.equal(await del.getAttribute("title"), "Desbloqueie o contato para excluí-lo.");
  await page.getByLabel("Bloqueado?", { exact: true }).selectOption({ label: "Não" });
  await eventually(async () => assert.ok((await rowNames()).includes(CARLA.name) && !(await rowNames()).includes(BRUNO.name)));
  await page.getByLabel("Bloqueado?", { exact: true }).selectOption({ label: "Todos" });

  // Unblocked: Excluir is on. Blocked again behind the page's back, the server refuses and says why.
  await admin.post(`/api/v1/contacts/${bruno.id}/unblock`);
  await page.reload();
  await contactRow(BRUNO.name).waitFor();
  assert.equal(await contactRow(BRUNO.name).locator("td[data-col=blocked]").innerText(), "Não");
  await admin.post(`/api/v1/contacts/${bruno.id}/block`);
  await contactRow(BRUNO.name).getByRole("button", { name: `Excluir ${BRUNO.name}` }).click();
  const confirm = page.getByRole("dialog").filter({ hasText: `Tem certeza que deseja excluir ${BRUNO.name}?` });
  await confirm.getByRole("button", { name: "Sim", exact: true }).click();
  assert.match(await confirm.getByRole("alert").innerText(), /bloquead/i, "the server's refusal is shown");
  await confirm.getByRole("button", { name: "Não", exact: true }).click();
  await confirm.waitFor({ state: "detached" });

  // Unblocked for good: deleted after "Sim".
  await admin.post(`/api/v1/contacts/${bruno.id}/unblock`);
  await contactRow(BRUNO.name).getByRole("button", { name: `Excluir ${BRUNO.name}` }).click();
  await confirm.getByRole("button", { name: "Sim", exact: true }).click();
  await confirm.waitFor({ state: "detached" });
  await contactRow(BRUNO.name).waitFor({ state: "detached" });
  const left = (await admin.get(`/api/v1/contacts?search=${BRUNO.phone}`)).items;
  assert.equal(left.length, 0, "the contact is gone");

  await assertNoSeriousViolations(page, "Contatos");
});

journey("A6: a semicolon CSV imported with the suggested mapping, 'Pular a linha', the rejected rows' report", async () => {
  const csv = [
    "nome;telefone;email;cpf",
    "Ana Importada;5521955558101;ana@importada.com.br;529.982.247-25",
    "Beto Importado;5521955558102;beto@importado.com.br;",
    "Cida Importada;5521955558103;;",
    "Davi Ruim;5521955558104;davi-sem-arroba;",
    "Eva Sem Telefone;;eva@importada.com.br;",
    "",
  ].join("\r\n");
  const file = join(tmp, "contatos.csv");
  writeFileSync(file, csv, "utf8");

  await page.goto(`${server.url}/admin/contacts`);
  await page.getByRole("link", { name: "Importar CSV" }).click();
  await page.getByRole("heading", { name: "Importar contatos" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/contacts/import");
  await page.getByText("Nenhuma importação ainda.").waitFor();

  await page.getByLabel("Arquivo CSV").setInputFiles(file);
  await page.getByRole("button", { name: "Enviar arquivo" }).click();

  // The mapping the server suggests, from the headers.
  const select = (column) => page.getByLabel(`Campo da coluna ${column}`, { exact: true });
  await select("nome").waitFor();
  const chosen = (column) => select(column).evaluate((s) => s.selectedOptions[0]?.textContent ?? "");
  assert.match(await chosen("nome"), /^Nome/);
  assert.match(await chosen("telefone"), /^Telefone/);
  assert.match(await chosen("email"), /^E-mail/);
  assert.match(await chosen("cpf"), /^CPF/);
  const importId = Number(new URL(page.url()).searchParams.get("import"));
  assert.ok(importId > 0, "the URL names the import");
  // The first rows of the file are shown.
  await page.getByRole("table", { name: "Primeiras linhas do arquivo" }).getByText("Davi Ruim").waitFor();

  await page.getByLabel("Pular a linha").check();
  await page.getByRole("button", { name: "Importar", exact: true }).click();

  const progress = page.getByTestId("import-progress");
  await progress.getByRole("progressbar", { name: "Progresso da importação" }).waitFor();
  await page.locator("[data-testid=import-progress][data-state=done]").waitFor();
  await progress.getByText("Importação concluída.").waitFor();
  const counter = (key) => progress.getByTestId(`import-${key}`).locator("dd").innerText();
  assert.equal(await counter("created"), "3");
  assert.equal(await counter("rejected"), "2");
  assert.equal(await counter("merged"), "0");

  // The report: the two rejected rows, each with its reason.
  const report = await download(progress.getByRole("link", { name: "Baixar relatório de linhas rejeitadas" }));
  const lines = report.text.split(/\r?\n/).filter((l) => l.trim());
  assert.match(lines[0], /^linha[;,]motivo[;,]/, `report header: ${lines[0]}`);
  assert.equal(lines.length, 3, `two rejected rows:\n${report.text}`);
  assert.ok(lines.some((l) => l.includes("Davi Ruim")), report.text);
  assert.ok(lines.some((l) => l.includes("Eva Sem Telefone")), report.text);
  for (const l of lines.slice(1)) {
    const [row, reason] = l.split(/[;,]/);
    assert.match(row, /^\d+$/, `row number in: ${l}`);
    assert.ok(reason.trim().length > 0, `reason in: ${l}`);
  }

  // The earlier imports list it; a reload keeps showing it.
  const history = page.getByRole("table", { name: "Importações anteriores" });
  await history.getByRole("row", { name: /contatos\.csv/ }).getByText("Concluída").waitFor();
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "contacts-import.png"), fullPage: true });
  await assertNoSeriousViolations(page, "Importar contatos");
  await page.reload();
  await page.locator("[data-testid=import-progress][data-state=done]").waitFor();
  assert.equal(Number(new URL(page.url()).searchParams.get("import")), importId);

  // The imported contacts are in the list.
  await page.getByRole("link", { name: "← Contatos" }).click();
  await page.getByRole("heading", { name: "Contatos", exact: true }).waitFor();
  await search().fill("Importad");
  await eventually(async () => assert.deepEqual((await rowNames()).sort(), ["Ana Importada", "Beto Importado", "Cida Importada"]));
  await page.getByTestId("contacts-total").getByText("3 contatos", { exact: true }).waitFor();
});

journey("A6: Exportar CSV downloads the filtered list", async () => {
  await page.goto(`${server.url}/admin/contacts`);
  await table().waitFor();
  await search().fill("Importad");
  await eventually(async () => assert.equal((await rowNames()).length, 3));
  const link = page.getByRole("link", { name: "Exportar CSV" });
  assert.match(await link.getAttribute("href"), /^\/api\/v1\/contacts\/export\.csv\?search=Importad$/);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "contacts-list.png"), fullPage: true });

  const file = await download(link);
  assert.match(file.name, /\.csv$/);
  const lines = file.text.split(/\r?\n/).filter((l) => l.trim());
  assert.match(lines[0].toLowerCase(), /nome/, `export header: ${lines[0]}`);
  assert.match(lines[0].toLowerCase(), /telefone/, `export header: ${lines[0]}`);
  assert.equal(lines.length, 4, `header and 3 contacts:\n${file.text}`);
  for (const name of ["Ana Importada", "Beto Importado", "Cida Importada"]) {
    assert.ok(lines.some((l) => l.includes(name)), `${name} in:\n${file.text}`);
  }
  assert.ok(!file.text.includes(CARLA.name), "the filter is applied");
  assert.ok(file.text.includes("5521955558101"), "phones are exported");
});

journey("A6, S3: Empresas: a wrong CNPJ refused under CNPJ, a company added, its contacts counted and listed, renamed", async () => {
  const PADARIA = { cnpj: "11222333000181", name: "Padaria Pão Quente" };
  await page.goto(`${server.url}/admin/contacts`);
  await page.getByRole("link", { name: "Empresas", exact: true }).click();
  await page.getByRole("heading", { name: "Empresas", exact: true }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/companies");

  // A CNPJ whose check digits are wrong: the server's message under CNPJ.
  const form = page.getByTestId("company-create");
  await form.getByLabel("CNPJ", { exact: true }).fill("11.222.333/0001-82");
  await form.getByLabel("Nome", { exact: true }).fill(PADARIA.name);
  await form.getByRole("button", { name: "Adicionar empresa" }).click();
  assert.match(await fieldError(form, "CNPJ"), /CNPJ/);

  // The right one, typed with its punctuation: added, shown formatted, no contacts yet.
  await form.getByLabel("CNPJ", { exact: true }).fill("11.222.333/0001-81");
  await form.getByRole("button", { name: "Adicionar empresa" }).click();
  const companies = page.getByRole("table", { name: "Empresas" });
  const companyRow = (name) => companies.locator("[data-testid=company-row]", { has: page.getByRole("rowheader", { name, exact: true }) });
  await companyRow(PADARIA.name).waitFor();
  assert.equal(await companyRow(PADARIA.name).locator("td[data-col=cnpj]").innerText(), "11.222.333/0001-81");
  assert.equal(await companyRow(PADARIA.name).locator("td[data-col=contacts]").innerText(), "0");
  assert.equal(await form.getByLabel("CNPJ", { exact: true }).inputValue(), "", "the form is emptied");
  const listed = (await admin.get("/api/v1/companies")).items.find((c) => c.cnpj === PADARIA.cnpj);
  assert.equal(listed?.name, PADARIA.name);

  // Two contacts with its CNPJ (through the API): counted once the page asks again.
  const staff = [
    { name: "Paula Padeira", phone: "5521955558201" },
    { name: "Pedro Padeiro", phone: "5521955558202" },
  ];
  for (const c of staff) await admin.post("/api/v1/contacts", { ...c, cnpj: PADARIA.cnpj });
  await page.reload();
  await eventually(async () => assert.equal(await companyRow(PADARIA.name).locator("td[data-col=contacts]").innerText(), "2"));
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "companies.png"), fullPage: true });
  await assertNoSeriousViolations(page, "Empresas");

  // "Ver contatos": exactly those two under the company's chip; the chip removed, everyone again.
  await companyRow(PADARIA.name).getByRole("link", { name: `Ver contatos de ${PADARIA.name}` }).click();
  await page.getByRole("heading", { name: "Contatos", exact: true }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get("cnpj"), PADARIA.cnpj);
  const chip = page.getByTestId("contacts-chips").getByText(`Empresa: ${PADARIA.name}`);
  await chip.waitFor();
  await eventually(async () => assert.deepEqual((await rowNames()).sort(), staff.map((c) => c.name)));
  await page.getByTestId("contacts-total").getByText("2 contatos", { exact: true }).waitFor();
  assert.match(await page.getByRole("link", { name: "Exportar CSV" }).getAttribute("href"), /[?&]cnpj=11222333000181(&|$)/);
  await page.screenshot({ path: join(ARTIFACTS, "contacts-company.png"), fullPage: true });
  await page.getByRole("button", { name: `Remover filtro Empresa: ${PADARIA.name}` }).click();
  await page.getByTestId("contacts-chips").waitFor({ state: "detached" });
  await eventually(async () => assert.ok((await rowNames()).includes(CARLA.name), "every contact again"));
  assert.equal(new URL(page.url()).searchParams.get("cnpj"), null, "the URL drops the company");
  assert.equal(await page.getByRole("link", { name: "Exportar CSV" }).getAttribute("href"), "/api/v1/contacts/export.csv");

  // "Renomear" in place: the new name in the list and on its contacts.
  await page.getByRole("link", { name: "Empresas", exact: true }).click();
  await companyRow(PADARIA.name).getByRole("button", { name: `Renomear ${PADARIA.name}` }).click();
  const renamed = "Padaria Pão Quentinho";
  await companies.getByLabel("Nome", { exact: true }).fill(renamed);
  await companies.getByRole("button", { name: "Salvar", exact: true }).click();
  await companyRow(renamed).waitFor();
  await companyRow(PADARIA.name).waitFor({ state: "detached" });
  const after = await admin.get(`/api/v1/contacts?cnpj=${PADARIA.cnpj}`);
  assert.deepEqual(after.items.map((c) => c.company_name), [renamed, renamed]);
});
