// The server's REST API from a test, as a signed-in user (cookie session and CSRF header), to set
// up what a journey needs (tags, departments, templates, assignments …) and to play contacts
// through the simulator. Node's fetch; no browser involved.

export class Api {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.cookie = "";
    this.csrf = "";
    this.me = null;
  }

  static async login(baseUrl, email, password) {
    const api = new Api(baseUrl);
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    api.cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    api.me = await res.json();
    api.csrf = api.me.csrf_token;
    return api;
  }

  async request(method, path, body) {
    const headers = { Cookie: this.cookie, Accept: "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = this.csrf;
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  get(path) {
    return this.request("GET", path);
  }
  post(path, body) {
    return this.request("POST", path, body);
  }
  put(path, body) {
    return this.request("PUT", path, body);
  }
  delete(path) {
    return this.request("DELETE", path);
  }

  /** The chat of the contact with this phone (the newest visible one). */
  async conversationByPhone(phone) {
    const page = await this.get(`/api/v1/conversations?search=${encodeURIComponent(phone)}&limit=5`);
    const c = page.items.find((x) => x.contact?.phone === phone) ?? page.items[0];
    if (!c) throw new Error(`no active chat for ${phone}`);
    return c;
  }
}

/** Writes as the contact `phone` through the simulator's public endpoint (no session). */
export async function simulatorSay(simulatorUrl, phone, name, text) {
  const url = new URL(simulatorUrl);
  const key = url.pathname.split("/").pop();
  const res = await fetch(`${url.origin}/api/v1/simulator/${key}/messages`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ phone, name, text }),
  });
  if (!res.ok) throw new Error(`simulator ${phone}: ${res.status} ${await res.text()}`);
  return (await res.json()).message;
}

/** Runs `fn` over `items` with at most `width` at a time (seeding many chats quickly). */
export async function inParallel(items, width, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}
