// Helpers the browser tests share: signing in through the login page, an admin's session for a
// test file, finding list rows, and retrying an assertion until the live UI has caught up.
import assert from "node:assert/strict";
import { Api } from "./api.mjs";
import { launchBrowser, startServer } from "./harness.mjs";

export const WAIT = 20_000;

/** A regular expression matching exactly `text` (after trimming), for text locators. */
export const exactly = (text) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);

/** Signs in through /login (optionally arriving from `path`) and waits for the live stream. */
export async function signIn(page, server, { email = server.email, password = server.password, path = "/chat" } = {}) {
  await page.goto(`${server.url}${path}`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Senha").fill(password);
  await page.getByRole("button", { name: "Entrar" }).click();
  await page.getByRole("tab", { name: /Todos os chats/ }).waitFor();
  await page.waitForFunction(() => window.__atendeRealtime?.status() === "live");
}

/**
 * What a test file about the admin's screens starts with: one server (`serverOptions` for
 * startServer) and one browser, the demo admin through the REST API (`admin`), and a page of a
 * pt-BR context (`viewport`, plus `contextOptions`) signed in as that admin. `prepare(session)`
 * runs once the API is at hand, before the context opens (data the pages find on their first
 * load). Returns { server, browser, admin, context, page, close() }; a failure half-way closes
 * what was started.
 */
export async function adminSession({ serverOptions, viewport = { width: 1440, height: 900 }, contextOptions = {}, prepare } = {}) {
  const session = {
    async close() {
      await session.context?.close().catch(() => undefined);
      await session.browser?.close().catch(() => undefined);
      await session.server?.stop();
    },
  };
  try {
    session.server = await startServer(serverOptions);
    session.browser = await launchBrowser();
    session.admin = await Api.login(session.server.url, session.server.email, session.server.password);
    await prepare?.(session);
    session.context = await session.browser.newContext({ locale: "pt-BR", viewport, ...contextOptions });
    session.context.setDefaultTimeout(WAIT);
    session.page = await session.context.newPage();
    await signIn(session.page, session.server);
  } catch (err) {
    await session.close();
    throw err;
  }
  return session;
}

export const row = (page, name) => page.locator(".conversation-row", { hasText: name });

/** The names of the rows in the list, top to bottom (as placed by the virtualizer). */
export async function rowNames(page) {
  return page.locator(".conversation-row").evaluateAll((rows) =>
    rows
      .map((r) => ({ top: new DOMMatrixReadOnly(getComputedStyle(r).transform).m42, name: r.querySelector(".row-name")?.textContent ?? "" }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.name),
  );
}

/** Retries `check` (which throws while not yet true) until it passes or `timeout` runs out. */
export async function eventually(check, timeout = WAIT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The number a view tab shows (L1). */
export async function viewCount(page, view) {
  return Number(await page.getByTestId(`count-${view}`).innerText());
}

export async function expectCount(page, view, n) {
  await eventually(async () => assert.equal(await viewCount(page, view), n, `count of ${view}`));
}
