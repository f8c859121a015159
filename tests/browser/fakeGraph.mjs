// A stand-in for Meta's Graph API for the browser tests (the server's own suite has its Rust
// twin in tests/src/fake_graph.rs): it accepts sends and uploads with an id, serves the files
// of inbound media by their id, lists the number's templates, and records the sends. And the WhatsApp side of the
// journeys: a connected number, and signed webhooks (X-Hub-Signature-256) as Meta sends them.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";

export const APP_SECRET = "segredo-do-app-de-teste";
export const PHONE_NUMBER_ID = "106540352242922";

export class FakeGraph {
  constructor() {
    this.media = new Map();
    this.sent = [];
    this.counter = 0;
    /** The number's templates at Meta, as the template sync reads them. */
    this.templates = [];
    /** When set ({ status, body }), Meta's refusal of the template list instead of the list. */
    this.templatesRefusal = null;
    /** Scripted answers for GET /<id> (a number, Page or account read by "Testar conexão"): id → { status, body }. */
    this.objects = new Map();
    /** Every GET of an object by its id, with the token it came with: { id, authorization }. */
    this.reads = [];
  }

  static async start() {
    const fake = new FakeGraph();
    fake.server = createServer((req, res) => fake.handle(req, res));
    await new Promise((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.base = `http://127.0.0.1:${fake.server.address().port}`;
    return fake;
  }

  /** What the server's ATENDE_GRAPH_API_URL should be. */
  get url() {
    return `${this.base}/v23.0`;
  }

  /** A file a contact sent: the webhook names it by `id`, the server downloads it from here. */
  addMedia(id, bytes, mime) {
    this.media.set(id, { bytes, mime });
  }

  async stop() {
    await new Promise((resolve) => this.server.close(resolve));
  }

  handle(req, res) {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const path = new URL(req.url, this.base).pathname.replace(/^\/v23\.0\//, "/");
      const json = (status, value) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(value));
      };
      const parts = path.split("/").filter(Boolean);
      if (req.method === "POST" && parts[1] === "messages") {
        const sent = JSON.parse(body.toString() || "{}");
        if (sent.status === "read") return json(200, { success: true });
        const id = `wamid.fake-${++this.counter}`;
        this.sent.push({ id, body: sent });
        return json(200, { messaging_product: "whatsapp", contacts: [{ input: sent.to, wa_id: sent.to }], messages: [{ id }] });
      }
      if (req.method === "GET" && parts[1] === "message_templates" && this.templatesRefusal) {
        return json(this.templatesRefusal.status, this.templatesRefusal.body);
      }
      if (req.method === "GET" && parts[1] === "message_templates") return json(200, { data: this.templates, paging: {} });
      if (req.method === "POST" && parts[1] === "media") return json(200, { id: `${++this.counter}` });
      if (req.method === "GET" && parts[0] === "files" && this.media.has(parts[1])) {
        const file = this.media.get(parts[1]);
        res.writeHead(200, { "Content-Type": file.mime });
        return res.end(file.bytes);
      }
      if (req.method === "GET" && parts.length === 1 && this.objects.has(parts[0])) {
        this.reads.push({ id: parts[0], authorization: req.headers.authorization ?? null });
        const { status, body: answer } = this.objects.get(parts[0]);
        return json(status, answer);
      }
      if (req.method === "GET" && parts.length === 1 && this.media.has(parts[0])) {
        const file = this.media.get(parts[0]);
        return json(200, { messaging_product: "whatsapp", url: `${this.base}/files/${parts[0]}`, mime_type: file.mime, id: parts[0] });
      }
      return json(400, { error: { message: "Unknown path components", type: "OAuthException", code: 2500 } });
    });
  }

  /** Waits for the send whose body passes `match`; its Meta id. */
  async sentWhere(match, timeout = 15_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = this.sent.find((s) => match(s.body));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no send matched; sent: ${JSON.stringify(this.sent.map((s) => s.body))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Connects a WhatsApp number to the account of `admin` (an Api). */
export async function connectWhatsApp(admin, name = "Loja") {
  return admin.post("/api/v1/channels/meta", {
    kind: "whatsapp",
    name,
    external_id: PHONE_NUMBER_ID,
    app_secret: APP_SECRET,
    verify_token: "verificar",
    access_token: "token-de-teste",
    business_id: "102290129340398",
    display_phone: "5511955550000",
    echo_keyword: "#fim",
  });
}

/** Posts one webhook change `value` (messages, statuses, echoes …) to the channel, signed. */
export async function webhook(serverUrl, channel, value, field = "messages") {
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: "102290129340398", changes: [{ field, value: { messaging_product: "whatsapp", metadata: { display_phone_number: "5511955550000", phone_number_id: PHONE_NUMBER_ID }, ...value } }] }],
  });
  const signature = `sha256=${createHmac("sha256", APP_SECRET).update(body).digest("hex")}`;
  const res = await fetch(`${serverUrl}${channel.webhook_path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Hub-Signature-256": signature },
    body,
  });
  if (!res.ok) throw new Error(`webhook: ${res.status} ${await res.text()}`);
}

let sequence = 0;
const now = () => String(Math.floor(Date.now() / 1000));

/** A contact's message of `type` with its part (`{ text: { body } }`, `{ image: {...} }` …). */
export function inbound(phone, name, type, part, id = `wamid.in-${++sequence}`) {
  return {
    contacts: [{ profile: { name }, wa_id: phone }],
    messages: [{ from: phone, id, timestamp: now(), type, ...part }],
  };
}

/** A status of one of our messages (delivered, read, failed with an error). */
export function status(id, phone, state, errors) {
  return { statuses: [{ id, status: state, timestamp: now(), recipient_id: phone, ...(errors ? { errors } : {}) }] };
}

/** A message the company sent from the WhatsApp Business app (C19). */
export function echo(phone, text) {
  return { message_echoes: [{ from: "5511955550000", to: phone, id: `wamid.echo-${++sequence}`, timestamp: now(), type: "text", text: { body: text } }] };
}
