// Sessions and passwords (issue 17 part 5) in a real browser: the admin creates the agent Rita
// Lima through the API, and a common password ("12345678") is refused under "Nova senha" in
// "Redefinir senha"; Rita signs in on a computer (A) and a phone (B, an iPhone's User-Agent):
// "Meu Perfil" lists both under "Sessões ativas" (A's marked "Esta sessão", B's "Safari no
// iPhone"), "Encerrar" ends B's (B's reload lands on the login page), and so does "Encerrar as
// outras sessões" after a "Sim"; "Alterar senha" refuses a confirmation that does not match and
// a wrong current password ("A senha atual não confere."), then changes it (toast; A stays
// signed in, B is signed out, the new password signs in and the old does not). The admin's
// "Exigir troca de senha" (after a "Sim", not on their own row) shows "Troca de senha pendente";
// Rita's open app turns into "Troque sua senha" at her next step (a 403 from the server), also
// after a reload and on the phone, where "Sair" signs out; a common password is refused with the
// server's message, a good one brings the chats back (live again) and clears the badge. The
// admin's "Sessões" for Rita lists A's session, "Encerrar todas as sessões" after a "Sim" ends it
// (A's reload lands on the login page). axe on the profile, the page and the dialog; screenshots
// of each on a computer and a phone (sessions-*.png).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Api } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 90_000;
const RITA = { name: "Rita Lima", email: "rita.lima@atende.local", password: "jabuticaba-no-quintal-7" };
const SECOND_PASSWORD = "goiaba-com-queijo-9";
const THIRD_PASSWORD = "caju-maduro-na-feira-3";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

let server;
let browser;
let admin;
let adminName;
let context;
let page;
let ritaA;
let ritaB;
const pages = {};
const extraContexts = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  adminName = admin.me.user.name;
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
  await p.screenshot({ path: join(ARTIFACTS, `sessions-${name}.png`), fullPage });
}

/** The error text a Field shows under the control labelled `label`, once the control is invalid. */
async function fieldError(scope, label) {
  const control = scope.getByLabel(label, { exact: true });
  await eventually(async () => assert.equal(await control.getAttribute("aria-invalid"), "true", `${label} is not marked invalid`));
  const id = (await control.getAttribute("aria-describedby")).split(" ").find((x) => x.endsWith("-error"));
  return scope.locator(`[id="${id}"]`).innerText();
}

async function answerYes(p, question) {
  const box = p.getByRole("dialog").filter({ hasText: question });
  await box.waitFor();
  await box.getByRole("button", { name: "Sim", exact: true }).click();
  await box.waitFor({ state: "detached" });
}

/** The password form (on "Meu Perfil" or on "Troque sua senha"), filled and sent. */
async function submitPassword(scope, current, next, confirm = next) {
  await scope.getByLabel("Senha atual", { exact: true }).fill(current);
  await scope.getByLabel("Nova senha", { exact: true }).fill(next);
  await scope.getByLabel("Confirme a nova senha", { exact: true }).fill(confirm);
  await scope.getByRole("button", { name: "Alterar senha" }).click();
}

async function openProfile(p) {
  await p.getByTestId("user-name").click();
  await p.getByRole("menuitem", { name: "Meu Perfil" }).click();
  await p.getByRole("heading", { name: "Meu Perfil" }).waitFor();
}

const sessionsCard = (p) => p.getByRole("region", { name: "Sessões ativas" });
const sessionRows = (p) => sessionsCard(p).getByTestId("session-row");

async function expectSessionCount(p, n) {
  await eventually(async () => assert.equal(await sessionRows(p).count(), n, "sessions listed"));
}

/** Whether `password` signs `email` in (through the API, the session ended at once: none left behind). */
async function signsIn(email, password) {
  const api = await Api.login(server.url, email, password);
  await api.post("/api/v1/auth/logout");
}

/** Where a page ends up after a reload once its session was ended: the login page. */
async function expectLoginAfterReload(p) {
  await p.reload();
  await p.getByRole("button", { name: "Entrar" }).waitFor();
  assert.equal(new URL(p.url()).pathname, "/login");
}

const userRow = (name) => page.getByTestId("user-row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });

journey("the admin creates Rita; 'Redefinir senha' refuses a common password under the field", async () => {
  const rita = await admin.post("/api/v1/users", { ...RITA, role: "agent", chat_visibility: "all" });
  assert.equal(rita.must_change_password, false);
  await page.goto(`${server.url}/admin/users`);
  await userRow(RITA.name).waitFor();
  await page.getByRole("button", { name: `Redefinir a senha de ${RITA.name}` }).click();
  const dialog = page.getByTestId("password-dialog");
  await dialog.getByLabel("Nova senha").fill("12345678");
  await dialog.getByRole("button", { name: "Redefinir senha" }).click();
  assert.match(await fieldError(dialog, "Nova senha"), /mais usadas/);
  await dialog.getByRole("button", { name: "Cancelar" }).click();
  await dialog.waitFor({ state: "detached" });
  await signsIn(RITA.email, RITA.password);
  // Nobody asks themselves for a new password here.
  assert.equal(await page.getByRole("button", { name: `Exigir troca de senha de ${adminName}` }).count(), 0);
});

journey("Rita's sessions on 'Meu Perfil': two listed, the phone's ended with 'Encerrar' and with 'Encerrar as outras sessões'", async () => {
  ritaA = await newPage("ritaA");
  ritaB = await newPage("ritaB", { viewport: PHONE, isMobile: true, hasTouch: true, userAgent: IPHONE });
  await signIn(ritaA, server, RITA);
  await signIn(ritaB, server, RITA);

  await openProfile(ritaA);
  await expectSessionCount(ritaA, 2);
  const current = sessionRows(ritaA).filter({ hasText: "Esta sessão" });
  assert.equal(await current.count(), 1, "one session is this one");
  await current.getByText("Chrome no Linux").waitFor();
  assert.equal(await current.getByRole("button", { name: /Encerrar/ }).count(), 0, "this session has no 'Encerrar'");
  const phone = sessionRows(ritaA).filter({ hasText: "Safari no iPhone" });
  assert.match(await phone.innerText(), /127\.0\.0\.1/);
  await assertNoSeriousViolations(ritaA, "Meu Perfil with its sessions");
  // The page scrolls inside its frame: the new sections brought into view.
  await sessionsCard(ritaA).scrollIntoViewIfNeeded();
  await shot(ritaA, "profile-desktop", false);

  // The phone's own list, narrow: each session a block.
  await ritaB.goto(`${server.url}/profile`);
  await expectSessionCount(ritaB, 2);
  await sessionRows(ritaB).filter({ hasText: "Esta sessão" }).getByText("Safari no iPhone").waitFor();
  await sessionsCard(ritaB).scrollIntoViewIfNeeded();
  await shot(ritaB, "profile-phone", false);
  await assertNoSeriousViolations(ritaB, "Meu Perfil on a phone");

  await ritaA.getByRole("button", { name: "Encerrar a sessão de Safari no iPhone" }).click();
  await ritaA.getByText("Sessão encerrada.").waitFor();
  await expectSessionCount(ritaA, 1);
  await expectLoginAfterReload(ritaB);

  // Signed in again on the phone, then every other session ended at once after a "Sim".
  await signIn(ritaB, server, RITA);
  await ritaA.reload();
  await expectSessionCount(ritaA, 2);
  await sessionsCard(ritaA).getByRole("button", { name: "Encerrar as outras sessões" }).click();
  await answerYes(ritaA, "Encerrar todas as suas sessões, menos esta?");
  await ritaA.getByText("1 sessão encerrada.").waitFor();
  await expectSessionCount(ritaA, 1);
  assert.equal(await sessionsCard(ritaA).getByRole("button", { name: "Encerrar as outras sessões" }).count(), 0);
  await expectLoginAfterReload(ritaB);
});

journey("Rita changes her password: a mismatch and a wrong current password refused, then changed; she stays signed in", async () => {
  await signIn(ritaB, server, RITA);
  await ritaA.reload();
  await expectSessionCount(ritaA, 2);
  const card = ritaA.getByRole("region", { name: "Alterar senha" });

  await submitPassword(card, RITA.password, SECOND_PASSWORD, "goiaba-com-queijo-8");
  assert.match(await fieldError(card, "Confirme a nova senha"), /não é igual à nova senha/);
  await submitPassword(card, "senha-errada-de-proposito", SECOND_PASSWORD);
  assert.equal(await fieldError(card, "Senha atual"), "A senha atual não confere.");
  assert.equal(await card.getByLabel("Senha atual", { exact: true }).evaluate((el) => el === document.activeElement), true, "the refused field has the focus");
  await shot(ritaA, "password-refused", false);

  await submitPassword(card, RITA.password, SECOND_PASSWORD);
  await ritaA.getByText("Senha alterada. As suas outras sessões foram encerradas.").waitFor();
  assert.equal(await card.getByLabel("Senha atual", { exact: true }).inputValue(), "", "the form is emptied");
  await expectSessionCount(ritaA, 1);
  await ritaA.reload();
  await ritaA.getByRole("heading", { name: "Meu Perfil" }).waitFor();
  await expectLoginAfterReload(ritaB);
  await signsIn(RITA.email, SECOND_PASSWORD);
  await assert.rejects(signsIn(RITA.email, RITA.password), /401/);
});

journey("'Exigir troca de senha': Rita's open app turns into 'Troque sua senha' until she picks a good password", async () => {
  await ritaA.goto(`${server.url}/chat`);
  await ritaA.getByRole("tab", { name: /Todos os chats/ }).waitFor();

  await page.goto(`${server.url}/admin/users`);
  await page.getByRole("button", { name: `Exigir troca de senha de ${RITA.name}` }).click();
  await answerYes(page, `${RITA.name} terá de escolher uma nova senha antes de continuar. As sessões abertas ficam bloqueadas até lá.`);
  await page.getByText(`${RITA.name} terá de escolher uma nova senha.`).waitFor();
  await userRow(RITA.name).getByText("Troca de senha pendente").waitFor();
  assert.equal(await page.getByRole("button", { name: `Exigir troca de senha de ${RITA.name}` }).count(), 0, "asked once");
  assert.equal((await admin.get("/api/v1/users")).items.find((u) => u.email === RITA.email).must_change_password, true);
  await assertNoSeriousViolations(page, "Usuários with a pending password change");
  await shot(page, "users-desktop");

  // Her next step asks the server, which refuses with 403 password_change_required: the page.
  await ritaA.getByRole("tab", { name: /Meus chats/ }).click();
  const required = ritaA.getByTestId("password-change-required");
  await required.getByRole("heading", { name: "Troque sua senha" }).waitFor();
  await required.getByText("Um administrador pediu que você escolha uma nova senha antes de continuar.").waitFor();
  assert.equal(await ritaA.getByTestId("user-name").count(), 0, "no top bar");
  await ritaA.reload();
  await required.getByRole("heading", { name: "Troque sua senha" }).waitFor();
  await assertNoSeriousViolations(ritaA, "Troque sua senha");
  await shot(ritaA, "required-desktop");

  // On the phone, signing in leads to the same page; "Sair" signs out.
  await ritaB.goto(`${server.url}/login`);
  await ritaB.getByLabel("E-mail").fill(RITA.email);
  await ritaB.getByLabel("Senha").fill(SECOND_PASSWORD);
  await ritaB.getByRole("button", { name: "Entrar" }).click();
  await ritaB.getByRole("heading", { name: "Troque sua senha" }).waitFor();
  await assertNoSeriousViolations(ritaB, "Troque sua senha on a phone");
  await shot(ritaB, "required-phone");
  await ritaB.getByRole("button", { name: "Sair" }).click();
  await ritaB.getByRole("button", { name: "Entrar" }).waitFor();
  await expectLoginAfterReload(ritaB);

  // A common password is refused with the server's message; a good one brings the app back.
  await submitPassword(required, SECOND_PASSWORD, "12345678");
  assert.match(await fieldError(required, "Nova senha"), /^Essa senha está entre as mais usadas\./);
  await shot(ritaA, "required-refused");
  await submitPassword(required, SECOND_PASSWORD, THIRD_PASSWORD);
  await ritaA.getByRole("tab", { name: /Todos os chats/ }).waitFor();
  await required.waitFor({ state: "detached" });
  await ritaA.waitForFunction(() => window.__atendeRealtime?.status() === "live");
  await ritaA.getByTestId("user-name").waitFor();
  await signsIn(RITA.email, THIRD_PASSWORD);

  await page.reload();
  await userRow(RITA.name).waitFor();
  assert.equal(await userRow(RITA.name).getByText("Troca de senha pendente").count(), 0, "the badge is gone");
  await page.getByRole("button", { name: `Exigir troca de senha de ${RITA.name}` }).waitFor();
});

journey("the admin's 'Sessões' for Rita: her session listed, 'Encerrar todas as sessões' signs her out", async () => {
  await page.getByRole("button", { name: `Sessões de ${RITA.name}` }).click();
  const dialog = page.getByTestId("user-sessions-dialog");
  await eventually(async () => assert.equal(await dialog.getByTestId("session-row").count(), 1));
  await dialog.getByTestId("session-row").getByText("Chrome no Linux").waitFor();
  assert.equal(await dialog.getByText("Esta sessão").count(), 0, "none of hers is the admin's");
  assert.equal(await dialog.getByRole("button", { name: /^Encerrar a sessão/ }).count(), 0, "no single 'Encerrar' here");
  await assertNoSeriousViolations(page, "the sessions dialog");
  await shot(page, "user-dialog-desktop", false);

  await dialog.getByRole("button", { name: "Encerrar todas as sessões" }).click();
  await answerYes(page, `Encerrar todas as sessões de ${RITA.name}?`);
  await page.getByText("1 sessão encerrada.").waitFor();
  await dialog.getByText(`${RITA.name} não tem sessões abertas.`).waitFor();
  assert.equal(await dialog.getByRole("button", { name: "Encerrar todas as sessões" }).isDisabled(), true);
  await dialog.getByRole("button", { name: "Fechar" }).first().click();
  await dialog.waitFor({ state: "detached" });
  await expectLoginAfterReload(ritaA);
  assert.deepEqual((await admin.get(`/api/v1/users/${(await admin.get("/api/v1/users")).items.find((u) => u.email === RITA.email).id}/sessions`)).items, []);
});

journey("on a phone: 'Usuários' with its actions and the admin's own 'Sessões'", async () => {
  const phone = await newPage("adminPhone", { viewport: PHONE, isMobile: true, hasTouch: true });
  await signIn(phone, server);
  await admin.post(`/api/v1/users/${(await admin.get("/api/v1/users")).items.find((u) => u.email === RITA.email).id}/require-password-change`);
  await phone.goto(`${server.url}/admin/users`);
  await phone.getByTestId("user-row").filter({ hasText: RITA.name }).getByText("Troca de senha pendente").waitFor();
  await shot(phone, "users-phone");
  await phone.getByRole("button", { name: `Sessões de ${adminName}` }).click();
  const dialog = phone.getByTestId("user-sessions-dialog");
  // This phone, the desktop page and the API's sessions (the harness's and this file's).
  const listed = (await admin.get(`/api/v1/users/${admin.me.user.id}/sessions`)).items.length;
  assert.ok(listed >= 3, `the admin's sessions: ${listed}`);
  await eventually(async () => assert.equal(await dialog.getByTestId("session-row").count(), listed));
  await dialog.getByTestId("session-row").filter({ hasText: "Esta sessão" }).getByText("Chrome no Linux").waitFor();
  await dialog.getByText("Navegador desconhecido").first().waitFor();
  await assertNoSeriousViolations(phone, "the sessions dialog on a phone");
  await shot(phone, "user-dialog-phone", false);
  await dialog.getByRole("button", { name: "Encerrar todas as sessões" }).click();
  await answerYes(phone, "Encerrar todas as suas sessões, menos esta?");
  await phone.getByText(`${listed - 1} sessões encerradas.`).waitFor();
  await eventually(async () => assert.equal(await dialog.getByTestId("session-row").count(), 1));
  await assert.rejects(admin.get("/api/v1/me"), /401/);
});
