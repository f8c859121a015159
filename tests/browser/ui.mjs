// Helpers the browser tests share: signing in through the login page, finding list rows, and
// retrying an assertion until the live UI has caught up.
import assert from "node:assert/strict";

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
