// The web UI under its Content-Security-Policy (issue 15, part 9): every screen an agent or an
// admin opens — the inbox with an image and a recorded-audio preview, the dashboard's charts,
// the admin pages, the simulator, the reseller console — runs with no policy violation, and
// the pages arrive with the policy, frame-ancestors 'none', nosniff and the referrer policy.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { simulatorSay } from "./api.mjs";
import { launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 120_000;

let server;
let browser;
let context;
let page;
const violations = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await simulatorSay(server.simulatorUrl, "5521955550001", "Clara Segura", "Oi, tudo bem?");
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(WAIT);
  // Every violation the browser reports, from any page of the context.
  await context.exposeBinding("__reportCsp", (_source, v) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__reportCsp({ page: location.pathname, directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }),
    );
  });
  page = await context.newPage();
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push({ page: page.url(), console: message.text() });
  });
  await signIn(page, server);
}, { timeout: TEST_TIMEOUT });

after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test("the pages arrive with the security headers", { timeout: TEST_TIMEOUT }, async () => {
  for (const path of ["/login", "/chat", "/admin/dashboard"]) {
    const response = await fetch(`${server.url}${path}`);
    const csp = response.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.match(csp, /script-src 'self'/, path);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff", path);
    assert.equal(response.headers.get("x-frame-options"), "DENY", path);
    assert.equal(response.headers.get("referrer-policy"), "same-origin", path);
  }
});

test("every screen runs under the policy with no violation", { timeout: TEST_TIMEOUT }, async () => {
  await withScreenshots("csp-screens", () => ({ page }), async () => {
    // The inbox and a conversation.
    await page.getByText("Clara Segura").first().click();
    await page.getByTestId("conversation-pane").getByText("Oi, tudo bem?").waitFor();
    for (const path of [
      "/admin/dashboard",
      "/admin/contacts",
      "/admin/broadcasts",
      "/admin/flows",
      "/admin/users",
      "/admin/settings",
      "/admin/availability",
      "/admin/media-library",
      "/profile",
    ]) {
      await page.goto(`${server.url}${path}`);
      await page.locator("main, [role=main]").first().waitFor();
      await page.waitForLoadState("networkidle");
    }
    // The dashboard draws its charts (SVG with inline styles).
    await page.goto(`${server.url}/admin/dashboard`);
    await page.locator(".recharts-surface").first().waitFor();
    // The simulator and the reseller console, each its own entry.
    const sim = await context.newPage();
    await sim.goto(server.simulatorUrl);
    await sim.waitForLoadState("networkidle");
    await sim.close();
    await page.goto(`${server.url}/revenda`);
    await page.waitForLoadState("networkidle");
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  });
});

test("the browser refuses to run a script the policy does not allow", { timeout: TEST_TIMEOUT }, async () => {
  // The policy is really enforced, not only sent: an injected inline script does not run.
  await page.goto(`${server.url}/login`);
  const ran = await page.evaluate(async () => {
    window.__injected = false;
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.body.appendChild(script);
    await new Promise((r) => setTimeout(r, 50));
    return window.__injected;
  });
  assert.equal(ran, false);
  const blocked = violations.filter((v) => v.directive?.startsWith("script-src"));
  assert.ok(blocked.length >= 1, "the violation was reported");
  violations.length = 0;
});
