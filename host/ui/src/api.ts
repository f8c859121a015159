// HTTP client for the server's JSON API: cookie session, CSRF header on writes, error envelope,
// and the 401 → login hand-off. The public simulator endpoints live here too (no cookie, no CSRF).
import type {
  Channel,
  Conversation,
  ConversationPage,
  Me,
  Message,
  MessagePage,
  SimInfo,
  SimMessage,
  View,
} from "./types";
import { currentLang, translate } from "./i18n";

/** An error answer from the server (`{"error":{"code","message"}}`), or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The text to show for a failed call: the server's own message, or a generic network one. */
export function errorMessage(err: unknown): string {
  return err instanceof ApiError && err.message ? err.message : translate("common.networkError");
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the CSRF token that every cookie-authenticated write must carry. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on any 401 from an authenticated call (not from the login call itself). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

interface RequestOptions {
  body?: unknown;
  /** Public endpoints (simulator) send no CSRF header and never redirect to login. */
  public?: boolean;
  /** The login call: a 401 there means bad credentials, not an expired session. */
  noAuthRedirect?: boolean;
}

async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Accept-Language": currentLang(),
  };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && !opts.public && csrfToken) headers["X-CSRF-Token"] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: opts.public ? "omit" : "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "");
  }

  if (res.status === 401 && !opts.public && !opts.noAuthRedirect) {
    onUnauthorized?.();
  }
  if (!res.ok) {
    let code = `http_${res.status}`;
    let message = res.statusText;
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      if (body.error?.code) code = body.error.code;
      if (body.error?.message) message = body.error.message;
    } catch {
      // not the JSON envelope: keep the status text
    }
    throw new ApiError(res.status, code, message);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined | null>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${enc(k)}=${enc(String(v))}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

export const api = {
  async login(email: string, password: string): Promise<Me> {
    const me = await request<Me>("POST", "/api/v1/auth/login", {
      body: { email, password },
      noAuthRedirect: true,
    });
    setCsrfToken(me.csrf_token);
    return me;
  },

  async logout(): Promise<void> {
    await request<void>("POST", "/api/v1/auth/logout", { noAuthRedirect: true });
    setCsrfToken(null);
  },

  /** The signed-in user; `noAuthRedirect` so the boot check can decide where to go itself. */
  async me(): Promise<Me> {
    const me = await request<Me>("GET", "/api/v1/me", { noAuthRedirect: true });
    setCsrfToken(me.csrf_token);
    return me;
  },

  /** Reachability probe: any answer means the server is up; a 401 goes to login as usual. */
  async ping(): Promise<void> {
    await request<Me>("GET", "/api/v1/me");
  },

  listConversations(p: {
    view: View;
    internalOnly?: boolean;
    cursor?: string | null;
    limit?: number;
  }): Promise<ConversationPage> {
    return request("GET", `/api/v1/conversations${query({
      view: p.view,
      internal: p.internalOnly ? "only" : undefined,
      limit: p.limit ?? 50,
      cursor: p.cursor,
    })}`);
  },

  getConversation(id: number): Promise<Conversation> {
    return request("GET", `/api/v1/conversations/${id}`);
  },

  listMessages(id: number, before?: number | null, limit = 50): Promise<MessagePage> {
    return request("GET", `/api/v1/conversations/${id}/messages${query({ before, limit })}`);
  },

  sendMessage(id: number, text: string, internal: boolean): Promise<Message> {
    return request("POST", `/api/v1/conversations/${id}/messages`, { body: { text, internal } });
  },

  markRead(id: number): Promise<void> {
    return request("POST", `/api/v1/conversations/${id}/read`);
  },

  markUnread(id: number): Promise<void> {
    return request("POST", `/api/v1/conversations/${id}/unread`);
  },

  async listChannels(): Promise<Channel[]> {
    const page = await request<{ items: Channel[] }>("GET", "/api/v1/channels");
    return page.items;
  },

  createSimulatorChannel(name: string): Promise<Channel> {
    return request("POST", "/api/v1/channels", { body: { kind: "simulator", name } });
  },
};

export const simulatorApi = {
  info(key: string): Promise<SimInfo> {
    return request("GET", `/api/v1/simulator/${enc(key)}`, { public: true });
  },

  async messages(key: string, phone: string): Promise<SimMessage[]> {
    const page = await request<{ items: SimMessage[] }>(
      "GET",
      `/api/v1/simulator/${enc(key)}/messages${query({ phone })}`,
      { public: true },
    );
    return page.items;
  },

  async send(key: string, phone: string, name: string, text: string): Promise<SimMessage> {
    const res = await request<{ message: SimMessage }>(
      "POST",
      `/api/v1/simulator/${enc(key)}/messages`,
      { body: { phone, name, text }, public: true },
    );
    return res.message;
  },
};
