// The audit log (issue 17 part 4) in a real browser, in Portuguese: through the API the demo
// admin creates 55 tags (more than a page), the tag "Clientes VIP" and renames it, the department
// "Financeiro" and the agent Rita Lima, who fails one login (a wrong password) and then signs
// in. The admin opens Configurações → "Registro de auditoria": the entries newest first with
// their labels ("Login recusado (senha errada)", "Etiqueta alterada" with its "#id" …) and
// "Carregar mais" for the older ones; "Usuário" = Rita lists only her two logins; "Ação" =
// "Departamento criado" exactly that one, whose "Detalhes" show the department's name; the
// user's creation shows "•••" and her password is nowhere in the page; a date range of last year
// says "Nenhuma ação encontrada com esses filtros."; the filters are in the URL and survive a
// reload; a "De" after "Até" is said on the field; "Até" today includes today; "Limpar filtros"
// brings everything back. On a 390-px phone the table scrolls in its wrapper, not the page, and
// a row's details stay in view. An agent opening /admin/audit is told it is for admins (and the
// server answers them 403). axe on the page with a row's details open; screenshots audit-*.png.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Api, inParallel } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 120_000;
const DEMO_AGENT = { email: "agente@atende.local", password: "atende-demo" };
const RITA = { name: "Rita Lima", email: "rita.lima@atende.local", password: "jabuticaba-no-quintal-7" };
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const FILLER_TAGS = 55;

let server;
let browser;
let admin;
let rita;
let vip;
let context;
let page;
const pages = {};
const extraContexts = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  // More entries than a page (50), older than the ones the journey looks at.
  await inParallel(
    Array.from({ length: FILLER_TAGS }, (_, i) => `Lote ${i + 1}`),
    8,
    (name) => admin.post("/api/v1/tags", { name }),
  );
  vip = await admin.post("/api/v1/tags", { name: "Clientes VIP" });
  await admin.request("PATCH", `/api/v1/tags/${vip.id}`, { name: "Clientes Especiais" });
  await admin.post("/api/v1/departments", { name: "Financeiro" });
  rita = await admin.post("/api/v1/users", { ...RITA, role: "agent", chat_visibility: "all" });
  const refused = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: RITA.email, password: "senha-errada-da-rita" }),
  });
  assert.equal(refused.status, 401, "the wrong password is refused");
  await Api.login(server.url, RITA.email, RITA.password);
  context = await browser.newContext({ locale: "pt-BR", viewport: DESKTOP });
  context.setDefaultTimeout(WAIT);
  page = await context.newPage();
  pages.admin = page;
  await signIn(page, server);
}, { timeout: TEST_TIMEOUT });

after(async () => {
  for (const c of extraContexts) await c.close().catch(() => undefined);
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

const journey = (name, fn) => test(name, { timeout: TEST_TIMEOUT }, () => withScreenshots(name, () => pages, fn));

/** A page in a fresh browser context (its own cookies). */
async function newPage(label, options = {}) {
  const ctx = await browser.newContext({ locale: "pt-BR", viewport: DESKTOP, ...options });
  ctx.setDefaultTimeout(WAIT);
  extraContexts.push(ctx);
  const p = await ctx.newPage();
  pages[label] = p;
  return p;
}

async function shot(p, name, fullPage = true) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await p.waitForTimeout(200);
  await p.screenshot({ path: join(ARTIFACTS, `audit-${name}.png`), fullPage });
}

const entries = (p) => p.getByTestId("audit-entry");
const table = (p) => p.getByRole("table", { name: "Registro de auditoria" });

/** The table's rows once the answer for the current filters is in (not the previous one's). */
async function settledRows(p) {
  await eventually(async () => assert.equal(await table(p).getAttribute("aria-busy"), "false"));
  return entries(p);
}

/** Each row's cells as text: [quando, quem, ação, alvo, ip]. */
async function rowTexts(p) {
  const rows = await settledRows(p);
  return rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].slice(0, 5).map((c) => c.innerText.trim())));
}

journey("the admin finds who did what in 'Registro de auditoria', filters it, and the filters stay in the URL", async () => {
  // Configurações → "Registro de auditoria".
  await page.getByTestId("user-name").click();
  await page.getByRole("menuitem", { name: "Configurações" }).click();
  const nav = page.getByRole("navigation", { name: "Configurações" });
  const link = nav.getByRole("link", { name: /^Registro de auditoria/ });
  await link.getByText("Quem fez o quê, quando e de onde").waitFor();
  await link.click();
  await page.getByRole("heading", { name: "Registro de auditoria" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin/audit");

  // Newest first: Rita's login, her refused one, her creation, the department, the tag renamed, created.
  await entries(page).first().waitFor();
  const rows = await rowTexts(page);
  const find = (label, who) => rows.findIndex((r) => r[2] === label && (!who || r[1].includes(who)));
  const order = [
    find("Login", RITA.name),
    find("Login recusado (senha errada)", RITA.name),
    find("Usuário criado"),
    find("Departamento criado"),
    find("Etiqueta alterada"),
    find("Etiqueta criada"),
  ];
  assert.ok(order.every((i) => i >= 0), `every action is listed: ${JSON.stringify(rows.slice(0, 10))}`);
  assert.deepEqual([...order].sort((a, b) => a - b), order, "newest first");
  const times = await entries(page).locator("time").evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute("datetime"))));
  assert.deepEqual([...times].sort((a, b) => b - a), times, "the times go back");
  // Who: the name, the e-mail below; the target: the tag's id; the IP.
  const login = rows[order[0]];
  assert.match(login[1], /Rita Lima\s+rita\.lima@atende\.local/);
  assert.match(login[4], /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/, `IP: ${login[4]}`);
  assert.equal(login[3], "—", "a login has no target");
  assert.equal(rows[order[4]][3], `#${vip.id}`);
  assert.equal(rows.length, 50, "one page at first");
  await shot(page, "desktop", false);

  // "Carregar mais": the older entries (the filler tags, the demo's first login …).
  await page.getByRole("button", { name: "Carregar mais" }).click();
  await eventually(async () => assert.ok((await entries(page).count()) > 50));
  await eventually(async () => assert.equal(await page.getByRole("button", { name: "Carregar mais" }).count(), 0));
  assert.ok((await entries(page).filter({ hasText: "Etiqueta criada" }).count()) >= FILLER_TAGS + 1);

  // Usuário = Rita: her two logins only.
  const filters = page.getByRole("region", { name: "Filtros" });
  await filters.getByLabel("Usuário").selectOption({ label: RITA.name });
  await eventually(async () => assert.equal(new URL(page.url()).searchParams.get("user"), String(rita.id)));
  await eventually(async () => {
    const mine = await rowTexts(page);
    assert.deepEqual(
      mine.map((r) => [r[1], r[2]]),
      [
        ["Rita Lima\nrita.lima@atende.local", "Login"],
        ["Rita Lima\nrita.lima@atende.local", "Login recusado (senha errada)"],
      ],
    );
  });

  // Ação = "Departamento criado" (all users): exactly that one, its details the department's name.
  await filters.getByLabel("Usuário").selectOption({ label: "Todos" });
  await filters.getByLabel("Ação").selectOption({ label: "Departamento criado" });
  await eventually(async () => assert.equal(new URL(page.url()).searchParams.get("action"), "department.create"));
  await eventually(async () => assert.deepEqual((await rowTexts(page)).map((r) => r[2]), ["Departamento criado"]));
  const department = entries(page).first();
  assert.ok((await department.innerText()).includes(admin.me.user.email), "by the admin");
  const toggle = department.getByRole("button", { name: "Detalhes" });
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  const details = page.getByTestId("audit-details");
  assert.match(await details.innerText(), /"name": "Financeiro"/);
  await assertNoSeriousViolations(page, "Registro de auditoria");
  await shot(page, "details");
  await toggle.click();
  await details.waitFor({ state: "detached" });

  // The user's creation: the password is "•••", and nowhere in the page.
  await filters.getByLabel("Ação").selectOption({ label: "Usuário criado" });
  await eventually(async () => assert.deepEqual((await rowTexts(page)).map((r) => r[2]), ["Usuário criado"]));
  await entries(page).first().getByRole("button", { name: "Detalhes" }).click();
  const created = await details.innerText();
  assert.match(created, /"password": "•••"/);
  assert.match(created, /"email": "rita\.lima@atende\.local"/);
  assert.ok(!(await page.content()).includes(RITA.password), "the password is not in the page");

  // A range of last year: nothing. The filters are the URL's, and a reload keeps them.
  await filters.getByLabel("Ação").selectOption({ label: "Departamento criado" });
  const lastYear = new Date().getFullYear() - 1;
  await filters.getByLabel("De").fill(`${lastYear}-01-01`);
  await filters.getByLabel("Até").fill(`${lastYear}-12-31`);
  await page.getByText("Nenhuma ação encontrada com esses filtros.").waitFor();
  assert.equal(await entries(page).count(), 0);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("from"), `${lastYear}-01-01`);
  assert.equal(url.searchParams.get("until"), `${lastYear}-12-31`);
  assert.equal(url.searchParams.get("action"), "department.create");
  await page.reload();
  await page.getByText("Nenhuma ação encontrada com esses filtros.").waitFor();
  assert.equal(await filters.getByLabel("De").inputValue(), `${lastYear}-01-01`);
  assert.equal(await filters.getByLabel("Até").inputValue(), `${lastYear}-12-31`);
  assert.equal(await filters.getByLabel("Ação").inputValue(), "department.create");
  await shot(page, "empty", false);

  // "Até" today includes today: the department is back.
  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
  await filters.getByLabel("De").fill(day);
  // "De" after "Até": said on the field, the server is not asked.
  await filters.getByText('A data de "Até" precisa ser igual ou posterior à de "De".').waitFor();
  assert.equal(await filters.getByLabel("Até").getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByText("Nenhuma ação encontrada com esses filtros.").count(), 0);
  await filters.getByLabel("Até").fill(day);
  await eventually(async () => assert.deepEqual((await rowTexts(page)).map((r) => r[2]), ["Departamento criado"]));

  // "Limpar filtros": everything again, a bare URL.
  await filters.getByRole("button", { name: "Limpar filtros" }).click();
  await eventually(async () => assert.equal(new URL(page.url()).search, ""));
  await eventually(async () => assert.equal(await entries(page).count(), 50));
  assert.equal(await filters.getByLabel("De").inputValue(), "");
});

journey("on a phone the audit table scrolls inside its wrapper, not the page", async () => {
  const phone = await newPage("phone", { viewport: PHONE, isMobile: true, hasTouch: true });
  await signIn(phone, server);
  await phone.goto(`${server.url}/admin/audit?action=user.create`);
  await phone.getByRole("heading", { name: "Registro de auditoria" }).waitFor();
  await eventually(async () => assert.deepEqual((await rowTexts(phone)).map((r) => r[2]), ["Usuário criado"]));
  await entries(phone).first().getByRole("button", { name: "Detalhes" }).click();
  await phone.getByTestId("audit-details").waitFor();
  // However far the table is scrolled, the details are in the wrapper's visible part.
  const wrap = await phone.locator(".admin-table-wrap").boundingBox();
  const pre = await phone.getByTestId("audit-details").locator("pre").boundingBox();
  assert.ok(pre.x >= wrap.x - 1 && pre.x + pre.width <= wrap.x + wrap.width + 1, `the details are in view: ${JSON.stringify({ wrap, pre })}`);
  assert.match(await phone.getByTestId("audit-details").innerText(), /"password": "•••"/);
  const widths = await phone.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    view: document.documentElement.clientWidth,
    wrap: document.querySelector(".admin-table-wrap").clientWidth,
  }));
  assert.ok(widths.page <= widths.view, `the page does not scroll sideways: ${JSON.stringify(widths)}`);
  assert.ok(widths.wrap <= widths.view);
  const filters = await phone.getByRole("region", { name: "Filtros" }).boundingBox();
  assert.ok(filters.x >= 0 && filters.x + filters.width <= PHONE.width, "the filters fit");
  await shot(phone, "phone");
});

journey("an agent opening /admin/audit is told it is for admins, and the server refuses them", async () => {
  const agent = await newPage("agent");
  await signIn(agent, server, DEMO_AGENT);
  await agent.goto(`${server.url}/admin/audit`);
  await agent.getByTestId("admin-only").getByText("Esta área é apenas para administradores.").waitFor();
  assert.equal(await agent.getByRole("table").count(), 0, "no log for an agent");
  const api = await Api.login(server.url, DEMO_AGENT.email, DEMO_AGENT.password);
  await assert.rejects(api.get("/api/v1/audit"), /: 403 /);
  await assert.rejects(admin.get("/api/v1/audit?action=nada.disso"), /: 422 .*Ação desconhecida/);
});
