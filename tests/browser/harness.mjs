// Test harness for the browser tests: starts the real `atende` binary on a free port with a fresh
// data dir, reads its URL, demo login and simulator URL from stdout, launches Debian's Chromium
// through playwright-core, and saves screenshots of the open pages when a test fails.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

import { Api } from "./api.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, "../..");
export const ARTIFACTS = join(here, "artifacts");

const BIN = process.env.ATENDE_BIN ?? resolve(here, "../../target/debug/atende");
const UI_DIR = process.env.ATENDE_UI_DIR ?? join(REPO, "host/ui/dist");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const START_TIMEOUT_MS = 60_000;

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
  // C15: a fake microphone (a beep) that needs no permission prompt.
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
];

/**
 * Starts `atende serve --demo` and resolves once it printed its three start-up lines.
 * `env` adds settings (e.g. ATENDE_EVENT_REPLAY_LIMIT). Returns { url, email, password,
 * simulatorUrl, stop(), output() }. The demo account greets new contacts with its initial
 * flow; with `chatbot: false` (the default, for journeys about the inbox) the chatbot is
 * switched off first, so a contact's message goes straight to "Chats abertos".
 */
export async function startServer({ env = {}, chatbot = false } = {}) {
  const server = await startProcess(env);
  if (!chatbot) {
    try {
      const admin = await Api.login(server.url, server.email, server.password);
      const settings = await admin.get("/api/v1/flow-settings");
      await admin.put("/api/v1/flow-settings", { ...settings, chatbot_enabled: false });
    } catch (e) {
      await server.stop();
      throw e;
    }
  }
  return server;
}

async function startProcess(env) {
  if (!existsSync(BIN)) throw new Error(`server binary not found at ${BIN} (set ATENDE_BIN or run cargo build -p atende-host)`);
  if (!existsSync(join(UI_DIR, "index.html"))) {
    throw new Error(`UI build not found at ${UI_DIR} (run: cd host/ui && npm ci && npm run build)`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), "atende-browser-"));
  const child = spawn(BIN, ["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir", dataDir], {
    // Journeys sign in many times a minute; the login limiter is tested by the server's own suite.
    env: {
      ...process.env,
      ATENDE_UI_DIR: UI_DIR,
      ATENDE_LOGIN_PER_USER_PER_MINUTE: "1000",
      ATENDE_LOGIN_PER_IP_PER_MINUTE: "1000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d) => {
    stderr += d;
  });

  const exited = new Promise((res) => child.once("exit", (code, signal) => res({ code, signal })));
  // Whatever happens to the test process, do not leave the server behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const output = () => `--- stdout ---\n${stdout}\n--- stderr (last 4000 chars) ---\n${stderr.slice(-4000)}`;

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }

  try {
    const info = await new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error("server did not print its start-up lines in time")), START_TIMEOUT_MS);
      const check = () => {
        const url = stdout.match(/Atende is running at (https?:\/\/\S+)/)?.[1];
        const login = stdout.match(/Demo login: (\S+) \/ (\S+)/);
        const simulatorUrl = stdout.match(/Simulator: (https?:\/\/\S+)/)?.[1];
        if (url && login && simulatorUrl) {
          clearTimeout(timer);
          res({ url: url.replace(/\/$/, ""), email: login[1], password: login[2], simulatorUrl });
        }
      };
      child.stdout.on("data", (d) => {
        stdout += d;
        check();
      });
      child.once("error", (e) => {
        clearTimeout(timer);
        rej(e);
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        rej(new Error(`server exited early (code ${code}, signal ${signal})`));
      });
    });
    return { ...info, stop, output, exited };
  } catch (e) {
    await stop();
    e.message += `\n${output()}`;
    throw e;
  }
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Runs `fn`; on failure saves a full-page screenshot of each page under artifacts/ and rethrows. */
export async function withScreenshots(name, pages, fn) {
  try {
    return await fn();
  } catch (err) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const slug = name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
    for (const [label, page] of Object.entries(pages())) {
      if (!page || page.isClosed()) continue;
      await page
        .screenshot({ path: join(ARTIFACTS, `${slug}-${label}.png`), fullPage: true, timeout: 5_000 })
        .catch(() => undefined);
    }
    throw err;
  }
}
