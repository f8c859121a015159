// Notifications (issue 13: N1–N3) in a real browser against the real server, as the demo agent
// (Bruno: "department" visibility, Suporte), with chats the admin hands to him through the API
// and contacts writing through the simulator:
// - N1 the bell: the badge counts live while he is on another page, the panel lists the
//   notifications, one is deleted, all are cleared, a click opens the chat; on the Chat page
//   nothing is recorded;
// - N2 the sound (HTMLMediaElement.play counted): none on the visible Chat page; on the Chat page
//   in a background tab (visibility emulated) and on another page; none when muted, and the mute
//   survives a reload;
// - N3 push: permission granted, PushManager.subscribe stubbed to hand out an endpoint on a fake
//   push service in this process (Chromium here has no push service); the profile's switch
//   subscribes; the server's pushes arrive encrypted (aes128gcm, RFC 8291) and signed (VAPID,
//   RFC 8292), decrypt to the contact's name and line, stop while the device shows the Chat
//   page and when the switch is off; the service worker shows a pushed payload as a notification;
//   "Sair" drops the subscription; the installed app (display-mode emulated) offers once to allow
//   notifications, and a browser that blocks them is told how ("Configurações do site" →
//   "Notificações");
// - N3 installable: the manifest, the activated service worker, and the app shell opening with
//   the server stopped, saying "Sem conexão" (last: it stops the server).
import assert from "node:assert/strict";
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Api, simulatorSay } from "./api.mjs";
import { assertNoSeriousViolations } from "./axe.mjs";
import { ARTIFACTS, launchBrowser, startServer, withScreenshots } from "./harness.mjs";
import { WAIT, eventually, signIn } from "./ui.mjs";

const TEST_TIMEOUT = 90_000;
const AGENT = { email: "agente@atende.local", password: "atende-demo" };

let server;
let browser;
let context;
let page;
let admin;
let agent; // the agent's REST session, to read what the server holds for him
let push; // the fake push service
const pages = {};
const chats = {};

// ---- the fake push service: records each POST, answers 201 ----

function startPushService() {
  const received = [];
  const srv = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(201, { Location: `${req.url}/msg-${received.length}` });
      res.end();
    });
  });
  return new Promise((resolve) => {
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      resolve({ origin: `http://127.0.0.1:${port}`, received, close: () => new Promise((r) => srv.close(r)) });
    });
  });
}

// ---- the browser's subscription keys (RFC 8291: a P-256 key pair and a 16-byte secret) ----

const b64url = (buf) => Buffer.from(buf).toString("base64url");
const uaKeys = createECDH("prime256v1");
uaKeys.generateKeys();
const UA_PUBLIC = uaKeys.getPublicKey(); // 65 bytes, uncompressed
const AUTH = randomBytes(16);

/** RFC 8291 / RFC 8188: the plaintext of one aes128gcm push body sent to our keys. */
function decryptPush(body) {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  const asPublic = body.subarray(21, 21 + idlen);
  const records = body.subarray(21 + idlen);
  assert.equal(idlen, 65, "the key id is the server's uncompressed ephemeral key");
  assert.ok(records.length <= rs, "one record");
  const ecdhSecret = uaKeys.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), UA_PUBLIC, asPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", ecdhSecret, AUTH, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(records.subarray(records.length - 16));
  const padded = Buffer.concat([decipher.update(records.subarray(0, records.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  assert.equal(padded[end], 2, "the last record's delimiter");
  return JSON.parse(padded.subarray(0, end).toString("utf8"));
}

/** RFC 8292: `vapid t=<JWT>, k=<key>`; the JWT is ES256-signed by k, for our origin, not expired. */
function checkVapid(authorization, expectedKey) {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? "");
  assert.ok(m, `Authorization is vapid t=…, k=…: ${authorization}`);
  const [, jwt, k] = m;
  assert.equal(k, expectedKey, "k is the server's public key (GET /api/v1/push/key)");
  const [h, p, s] = jwt.split(".");
  const header = JSON.parse(Buffer.from(h, "base64url"));
  const claims = JSON.parse(Buffer.from(p, "base64url"));
  assert.equal(header.alg, "ES256");
  assert.equal(claims.aud, push.origin, "aud is the push service's origin");
  assert.ok(claims.exp * 1000 > Date.now(), "not expired");
  assert.ok(claims.exp * 1000 <= Date.now() + 24 * 3600 * 1000 + 60_000, "at most 24 h ahead");
  assert.ok(typeof claims.sub === "string" && claims.sub.length > 0, "a contact (sub)");
  const raw = Buffer.from(k, "base64url");
  const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) }, format: "jwk" });
  assert.ok(verify("sha256", Buffer.from(`${h}.${p}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(s, "base64url")), "the JWT's signature");
}

// ---- page helpers ----

const bell = () => page.getByTestId("notifications-bell");
const badge = () => page.getByTestId("notifications-count");
const panel = () => page.getByRole("dialog", { name: "Notificações" });
const items = () => panel().getByTestId("notification");
const rt = (fn) => page.evaluate(fn);

async function expectBadge(n) {
  if (n === 0) await badge().waitFor({ state: "detached" });
  else await eventually(async () => assert.equal(await badge().innerText(), String(n)));
}

/** Waits until the server saved this page's presence as `page` (and visible, when given). */
async function presenceSaved(where, visible = true) {
  await page.waitForFunction(
    ([w, v]) => {
      const p = window.__atendeRealtime?.savedPresence();
      return p?.page === w && p.visible === v;
    },
    [where, visible],
  );
}

/** Runs `act` (a contact writing) and resolves after the page got the "notifications.changed" it causes. */
async function afterNotification(act) {
  const before = await rt(() => window.__atendeRealtime.notificationEvents());
  await act();
  await page.waitForFunction((n) => window.__atendeRealtime.notificationEvents() > n, before);
}

async function say(name, text) {
  await simulatorSay(server.simulatorUrl, chats[name].phone, name, text);
}

/** A new contact whose chat the admin hands to the agent. */
async function chatForAgent(name, phone) {
  await simulatorSay(server.simulatorUrl, phone, name, `Olá, sou ${name.split(" ")[0]}`);
  const c = await admin.conversationByPhone(phone);
  await admin.post(`/api/v1/conversations/${c.id}/assign`, { agent_id: agent.me.user.id });
  chats[name] = { id: c.id, phone };
  return chats[name];
}

async function goTo(path) {
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => window.__atendeRealtime?.status() === "live");
}

async function setHidden(hidden) {
  await page.evaluate((h) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (h ? "hidden" : "visible") });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

const plays = () => rt(() => window.__plays);

before(async () => {
  push = await startPushService();
  server = await startServer({ env: { ATENDE_PUSH_ALLOW_HTTP: "true" } });
  browser = await launchBrowser();
  admin = await Api.login(server.url, server.email, server.password);
  agent = await Api.login(server.url, AGENT.email, AGENT.password);
  context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(WAIT);
  await context.grantPermissions(["notifications"], { origin: server.url });
  // N2: count the sounds the page plays.
  await context.addInitScript(() => {
    window.__plays = 0;
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (...args) {
      window.__plays += 1;
      return play.apply(this, args).catch(() => undefined);
    };
  });
  // N3: no push service in this Chromium; a subscription on the fake one, with our keys. Its
  // state lives in sessionStorage, so it outlives a reload as a real subscription would.
  await context.addInitScript(
    ({ endpoint, p256dh, auth }) => {
      if (typeof PushManager === "undefined") return;
      const bytes = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/") + "==".slice(0, (4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0)).buffer;
      const KEY = "__pushStub";
      const read = () => JSON.parse(sessionStorage.getItem(KEY) ?? '{"subscribed":false,"subscribes":0,"unsubscribes":0}');
      const write = (state) => sessionStorage.setItem(KEY, JSON.stringify(state));
      Object.defineProperty(window, "__pushStub", { get: read });
      const subscription = (serverKey) => ({
        endpoint,
        expirationTime: null,
        options: { userVisibleOnly: true, applicationServerKey: bytes(serverKey) },
        getKey: (name) => bytes(name === "p256dh" ? p256dh : auth),
        toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }),
        unsubscribe: async () => {
          const state = read();
          write({ ...state, subscribed: false, unsubscribes: state.unsubscribes + 1 });
          return true;
        },
      });
      PushManager.prototype.subscribe = async function (options) {
        const key = new Uint8Array(options.applicationServerKey);
        const serverKey = btoa(String.fromCharCode(...key)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
        const state = read();
        write({ ...state, subscribed: true, serverKey, subscribes: state.subscribes + 1, keyLength: key.length, userVisibleOnly: options.userVisibleOnly });
        return subscription(serverKey);
      };
      PushManager.prototype.getSubscription = async function () {
        const state = read();
        return state.subscribed ? subscription(state.serverKey) : null;
      };
    },
    { endpoint: `${push.origin}/push/bruno-1`, p256dh: b64url(UA_PUBLIC), auth: b64url(AUTH) },
  );
  page = await context.newPage();
  pages.agent = page;
  await signIn(page, server, AGENT);
  await chatForAgent("Nina Notifica", "5521977770001");
  await chatForAgent("Otto Ouvinte", "5521977770002");
}, { timeout: TEST_TIMEOUT });

after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await push?.close();
});

let previousFailed = false;
const journey = (name, fn) =>
  test(name, { timeout: TEST_TIMEOUT }, async () => {
    if (previousFailed) await goTo("/chat");
    previousFailed = true;
    await withScreenshots(name, () => pages, fn);
    previousFailed = false;
  });

journey("N1: the bell counts live on another page, lists, deletes one, clears all and opens the chat", async () => {
  // The assignments made in before() were recorded while he was on the Chat page: not in the bell.
  await goTo("/chat");
  await presenceSaved("chat");
  await agent.delete("/api/v1/notifications");
  await goTo("/profile");
  await presenceSaved("other");
  await expectBadge(0);

  // A chat handed to him, and a contact writing in his chat, while he is on "Meu Perfil".
  const rosa = await (async () => {
    await simulatorSay(server.simulatorUrl, "5521977770003", "Rosa Repasse", "Preciso de ajuda");
    const c = await admin.conversationByPhone("5521977770003");
    chats["Rosa Repasse"] = { id: c.id, phone: "5521977770003" };
    return c;
  })();
  await admin.post(`/api/v1/conversations/${rosa.id}/assign`, { agent_id: agent.me.user.id });
  await expectBadge(1);
  await say("Nina Notifica", "Meu pedido não chegou");
  await expectBadge(2);
  assert.equal(await bell().getAttribute("aria-label"), "2 notificações");
  assert.equal(new URL(page.url()).pathname, "/profile", "no reload, no navigation");

  // The panel: newest first, the contact's name, the line and the time.
  await bell().click();
  await panel().getByRole("heading", { name: "Notificações" }).waitFor();
  await eventually(async () => assert.equal(await items().count(), 2));
  const first = items().nth(0);
  await first.getByText("Nina Notifica").waitFor();
  await first.getByText("Meu pedido não chegou").waitFor();
  assert.match(await first.locator("time").innerText(), /^\d{2}:\d{2}$/);
  await items().nth(1).getByText("Rosa Repasse").waitFor();
  await items().nth(1).getByText(/atribuída/).waitFor();
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "notifications-bell-panel.png") });
  await assertNoSeriousViolations(page, "the open bell panel on Meu Perfil");

  // Esc closes it and gives the focus back to the bell; the keyboard opens it again.
  await page.keyboard.press("Escape");
  await panel().waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "notifications-bell");
  await page.keyboard.press("Enter");
  await panel().waitFor();

  // The trash icon deletes that one; the server agrees. Deleting is no news: no sound.
  const soundsBefore = await plays();
  await afterNotification(() => items().nth(1).getByRole("button", { name: "Excluir notificação de Rosa Repasse" }).click());
  await eventually(async () => assert.equal(await items().count(), 1));
  await expectBadge(1);
  assert.equal((await agent.get("/api/v1/notifications")).total, 1);

  // The "x" clears them all.
  await afterNotification(() => panel().getByRole("button", { name: "Limpar todas" }).click());
  await panel().getByText("Nenhuma notificação").waitFor();
  await expectBadge(0);
  assert.equal((await agent.get("/api/v1/notifications")).total, 0);
  assert.equal(await plays(), soundsBefore, "deleting and clearing play no sound");

  // A click on a notification opens its chat and closes the panel.
  await say("Otto Ouvinte", "Alguém aí?");
  await expectBadge(1);
  await eventually(async () => assert.equal(await items().count(), 1));
  await items().nth(0).getByRole("button", { name: /^Otto Ouvinte/ }).click();
  await panel().waitFor({ state: "detached" });
  await page.waitForURL(`${server.url}/chat/${chats["Otto Ouvinte"].id}`);
  await page.locator(".pane-header").getByText("Otto Ouvinte").waitFor();

  // On the Chat page nothing is recorded (N1): the bell is asked again and stays as it was.
  await agent.delete("/api/v1/notifications");
  await expectBadge(0);
  await presenceSaved("chat");
  const asked = page.waitForResponse((r) => r.url().includes("/api/v1/notifications") && r.request().method() === "GET");
  await afterNotification(() => say("Nina Notifica", "Escrevi enquanto você estava no Chat"));
  await asked;
  await expectBadge(0);
  assert.equal((await agent.get("/api/v1/notifications")).total, 0, "nothing recorded while on the Chat page");
});

journey("N1: 'Carregar mais' pages through older notifications", async () => {
  await goTo("/profile");
  await presenceSaved("other");
  await agent.delete("/api/v1/notifications");
  await expectBadge(0);
  for (let i = 1; i <= 22; i++) await say("Otto Ouvinte", `Mensagem ${i}`);
  await expectBadge(22);
  await bell().click();
  await eventually(async () => assert.equal(await items().count(), 20));
  await panel().getByRole("button", { name: "Carregar mais" }).click();
  await eventually(async () => assert.equal(await items().count(), 22));
  await panel().getByRole("button", { name: "Carregar mais" }).waitFor({ state: "detached" });
  await items().nth(21).getByText("Mensagem 1", { exact: true }).waitFor();
  await panel().getByRole("button", { name: "Limpar todas" }).click();
  await expectBadge(0);
  await page.keyboard.press("Escape");
});

journey("N2: the sound plays away from the visible Chat page, never when muted, and the mute is kept", async () => {
  const toggle = page.getByRole("button", { name: "Notificações sonoras" });

  // Looking at the Chat page: no sound.
  await goTo(`/chat/${chats["Nina Notifica"].id}`);
  await presenceSaved("chat");
  assert.equal(await toggle.getAttribute("aria-pressed"), "true", "sounds on by default");
  let count = await plays();
  await afterNotification(() => say("Nina Notifica", "Você está vendo o Chat"));
  assert.equal(await plays(), count, "no sound on the visible Chat page");

  // The Chat page in a background tab or a minimised window: sound.
  await setHidden(true);
  await presenceSaved("chat", false);
  await afterNotification(() => say("Nina Notifica", "Aba em segundo plano"));
  await page.waitForFunction((n) => window.__plays > n, count);
  count = await plays();
  await setHidden(false);

  // Another page: sound.
  await goTo("/profile");
  await presenceSaved("other");
  count = await plays();
  await afterNotification(() => say("Nina Notifica", "Você está em outra página"));
  await page.waitForFunction((n) => window.__plays > n, count);

  // The sound icon turns them off: no sound, also after a reload.
  assert.equal(await toggle.getAttribute("title"), "Desativar notificações sonoras");
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  assert.equal(await toggle.getAttribute("title"), "Ativar notificações sonoras");
  count = await plays();
  await afterNotification(() => say("Nina Notifica", "Silêncio, por favor"));
  assert.equal(await plays(), count, "no sound when muted");

  await goTo("/profile");
  assert.equal(await toggle.getAttribute("aria-pressed"), "false", "the mute survives a reload");
  await page.getByRole("switch", { name: "Notificações sonoras neste dispositivo" }).waitFor();
  assert.equal(await page.getByRole("switch", { name: "Notificações sonoras neste dispositivo" }).getAttribute("aria-checked"), "false");
  await presenceSaved("other");
  count = await plays();
  await afterNotification(() => say("Nina Notifica", "Ainda em silêncio"));
  assert.equal(await plays(), count, "no sound when muted, after a reload");

  // On again, from the profile's switch this time.
  await page.getByRole("switch", { name: "Notificações sonoras neste dispositivo" }).click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await afterNotification(() => say("Nina Notifica", "Som de volta"));
  await page.waitForFunction((n) => window.__plays > n, count);
  await agent.delete("/api/v1/notifications");
});

journey("N3: the profile's switch subscribes this device to Web Push; pushes are encrypted, signed, and stop when it is off", async () => {
  const { public_key: serverKey } = await agent.get("/api/v1/push/key");
  await goTo("/profile");
  const device = await page.evaluate(() => localStorage.getItem("atende.device"));
  assert.match(device, /^[0-9a-f]{32}$/);
  const sw = page.getByRole("switch", { name: "Notificações push neste dispositivo" });
  await eventually(async () => assert.equal(await sw.isDisabled(), false));
  assert.equal(await sw.getAttribute("aria-checked"), "false");

  await sw.click();
  await eventually(async () => assert.equal(await sw.getAttribute("aria-checked"), "true"));
  const stub = await page.evaluate(() => window.__pushStub);
  assert.equal(stub.userVisibleOnly, true);
  assert.equal(stub.keyLength, 65, "subscribed with the server's uncompressed P-256 key");
  await agent.get(`/api/v1/push/subscriptions/${device}`); // 200: the server has it

  // A contact writes in his chat while this device is on "Meu Perfil": one push arrives.
  await presenceSaved("other");
  const before = push.received.length;
  await say("Otto Ouvinte", "Mensagem para o celular");
  await eventually(() => assert.ok(push.received.length > before, "a push arrived"));
  const got = push.received[before];
  assert.equal(got.method, "POST");
  assert.equal(got.url, "/push/bruno-1");
  assert.equal(got.headers["content-encoding"], "aes128gcm");
  assert.ok(Number(got.headers.ttl) >= 0, "a TTL header");
  checkVapid(got.headers.authorization, serverKey);
  const payload = decryptPush(got.body);
  assert.equal(payload.title, "Otto Ouvinte");
  assert.equal(payload.body, "Mensagem para o celular");
  assert.equal(payload.conversation_id, chats["Otto Ouvinte"].id);
  assert.equal(payload.url, `/chat/${chats["Otto Ouvinte"].id}`);

  // The service worker shows such a payload: the contact's name, the line, one per chat.
  const cdp = await context.newCDPSession(page);
  const registrationId = new Promise((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const r = registrations.find((x) => x.scopeURL === `${server.url}/` && !x.isDeleted);
      if (r) resolve(r.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin: server.url,
    registrationId: await registrationId,
    data: JSON.stringify(payload),
  });
  await eventually(async () =>
    assert.deepEqual(
      await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.ready;
        return (await reg.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data?.url }));
      }),
      [
        {
          title: "Otto Ouvinte",
          body: "Mensagem para o celular",
          tag: `conversation-${chats["Otto Ouvinte"].id}`,
          url: `/chat/${chats["Otto Ouvinte"].id}`,
        },
      ],
    ),
  );
  await cdp.detach();

  // This device showing the Chat page gets no push (N3); back on another page it does: the
  // next push is the later message, not the one written while he was on the Chat page.
  await goTo("/chat");
  await presenceSaved("chat");
  const mark = push.received.length;
  await afterNotification(() => say("Otto Ouvinte", "Escrito com o Chat aberto"));
  await goTo("/profile");
  await presenceSaved("other");
  await say("Otto Ouvinte", "Escrito com o Chat fechado");
  await eventually(() => assert.ok(push.received.length > mark));
  assert.equal(decryptPush(push.received[mark].body).body, "Escrito com o Chat fechado");

  // Off: the browser's subscription and the server's go; a later message pushes nothing, as the
  // next push (after switching on again) shows.
  await eventually(async () => assert.equal(await sw.isDisabled(), false));
  await sw.click();
  await eventually(async () => assert.equal(await sw.getAttribute("aria-checked"), "false"));
  assert.equal(await page.evaluate(() => window.__pushStub.unsubscribes), 1);
  await assert.rejects(agent.get(`/api/v1/push/subscriptions/${device}`), /404/);
  const off = push.received.length;
  await afterNotification(() => say("Otto Ouvinte", "Push desligado"));
  await sw.click();
  await eventually(async () => assert.equal(await sw.getAttribute("aria-checked"), "true"));
  await say("Otto Ouvinte", "Push ligado de novo");
  await eventually(() => assert.ok(push.received.length > off));
  assert.equal(decryptPush(push.received[off].body).body, "Push ligado de novo", "nothing was pushed while off");

  // "Sair": the browser's subscription goes, and the server's with the session.
  const unsubscribed = await page.evaluate(() => window.__pushStub.unsubscribes);
  await page.getByRole("button", { name: "Menu de Bruno Agente" }).click();
  await page.getByRole("menuitem", { name: "Sair" }).click();
  await page.getByLabel("E-mail").waitFor();
  assert.equal(await page.evaluate(() => window.__pushStub.unsubscribes), unsubscribed + 1);
  assert.equal(await page.evaluate(() => window.__pushStub.subscribed), false);
  await assert.rejects(agent.get(`/api/v1/push/subscriptions/${device}`), /404/);
  await signIn(page, server, AGENT);
  await agent.delete("/api/v1/notifications");
});

journey("N3: the manifest makes the app installable and the service worker is activated", async () => {
  await goTo("/chat");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  assert.equal(href, "/manifest.webmanifest");
  const res = await fetch(`${server.url}/manifest.webmanifest`);
  assert.equal(res.status, 200);
  const manifest = await res.json();
  assert.equal(manifest.name, "Atende");
  assert.ok(manifest.short_name);
  assert.equal(manifest.start_url, "/chat");
  assert.equal(manifest.scope, "/");
  assert.equal(manifest.display, "standalone");
  assert.equal(manifest.lang, "pt-BR");
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);
  assert.match(manifest.background_color, /^#[0-9a-f]{6}$/i);
  for (const size of ["192x192", "512x512"]) {
    const icon = manifest.icons.find((i) => i.sizes === size && i.type === "image/png");
    assert.ok(icon, `an icon of ${size}`);
    const png = Buffer.from(await (await fetch(new URL(icon.src, server.url))).arrayBuffer());
    assert.equal(png.subarray(1, 4).toString(), "PNG");
    assert.equal(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, size);
  }

  await eventually(async () =>
    assert.ok(
      await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.ready;
        return reg.active?.state === "activated" && navigator.serviceWorker.controller !== null;
      }),
      "the service worker is activated and controls the page",
    ),
  );
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.ready).active.scriptURL), `${server.url}/sw.js`);

  // The worker never answers the API from a cache.
  const cached = await page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    return urls;
  });
  assert.ok(cached.includes("/index.html"), "the app shell is precached");
  assert.ok(cached.some((u) => u === "/notification.wav"), "the sound is precached");
  assert.deepEqual(cached.filter((u) => u.startsWith("/api/")), [], "nothing of the API is cached");
});

journey("N3: the installed app offers, once, to allow notifications; a blocked browser is told how to allow them", async () => {
  // A fresh device whose browser was never asked, running as the installed app.
  const installed = await browser.newContext({ locale: "pt-BR", viewport: { width: 390, height: 844 } });
  installed.setDefaultTimeout(WAIT);
  await installed.addInitScript(() => {
    const matchMedia = window.matchMedia.bind(window);
    window.matchMedia = (q) =>
      q.includes("display-mode: standalone") ? { ...matchMedia(q), matches: true, media: q } : matchMedia(q);
  });
  try {
    const app = await installed.newPage();
    pages.installed = app;
    await signIn(app, server, AGENT);
    const offer = app.getByRole("region", { name: "Notificações" });
    await offer.getByText(/Permita as notificações/).waitFor();
    await offer.getByRole("button", { name: "Permitir notificações" }).waitFor();
    await app.screenshot({ path: join(ARTIFACTS, "notifications-offer-phone.png") });
    // On a phone the bell's panel spans the screen.
    await app.getByTestId("notifications-bell").click();
    await app.getByRole("dialog", { name: "Notificações" }).waitFor();
    const box = await app.getByRole("dialog", { name: "Notificações" }).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, "the panel fits the phone's screen");
    await app.screenshot({ path: join(ARTIFACTS, "notifications-bell-phone.png") });
    await app.keyboard.press("Escape");
    await offer.getByRole("button", { name: "Agora não" }).click();
    await offer.waitFor({ state: "detached" });
    await app.reload();
    await app.waitForFunction(() => window.__atendeRealtime?.status() === "live");
    assert.equal(await app.getByTestId("push-offer").count(), 0, "offered once");

    // Later, from "Meu Perfil": this headless browser refuses the prompt, as a user who blocked
    // notifications would; the switch stays off and says how to allow them.
    await app.goto(`${server.url}/profile`);
    const sw = app.getByRole("switch", { name: "Notificações push neste dispositivo" });
    await eventually(async () => assert.equal(await sw.isDisabled(), false));
    await sw.click();
    await app.getByTestId("push-note").getByText(/"Configurações do site", depois em "Notificações"/).waitFor();
    assert.equal(await sw.getAttribute("aria-checked"), "false");
    assert.equal(await sw.isDisabled(), true);
  } finally {
    delete pages.installed;
    await installed.close();
  }
});

journey("N3: with the server stopped, the app shell still opens and says 'Sem conexão'", async () => {
  await goTo("/chat");
  await eventually(async () =>
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state), "activated"),
  );
  await server.stop();
  // The open page: the live connection is gone; "Ressincronizar" finds the server unreachable.
  await page.getByRole("button", { name: "Ressincronizar" }).click();
  await page.getByTestId("offline-banner").getByText("Sem conexão").waitFor();

  // A reload and a deep link: the shell comes from the service worker.
  await page.reload();
  await page.getByRole("heading", { name: "Sem conexão" }).waitFor();
  await page.getByRole("button", { name: "Tentar novamente" }).waitFor();
  assert.equal(await page.title(), "Atende");
  await page.goto(`${server.url}/chat/${chats["Nina Notifica"].id}`);
  await page.getByRole("heading", { name: "Sem conexão" }).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "notifications-offline.png") });
});
