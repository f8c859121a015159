// The typed HTTP client (openapi-fetch over the generated `paths`): cookie session, the CSRF
// header on writes, Accept-Language, and a 401 from any authenticated call handed to the app
// (which goes to the login page), as is a 403 `password_change_required` (an admin asked for a
// new password: the app shows that page). `call()` turns an answer into its data or an ApiError.
import createClient, { type Middleware } from "openapi-fetch";
import { currentLang } from "../i18n";
import { ApiError } from "./errors";
import type { paths } from "./schema";

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;
let onPasswordChangeRequired: (() => void) | null = null;

/** Remembers the token every cookie-authenticated write must carry (from login or GET /me). */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

/** Called on a 401 from any call except the login itself and the public simulator. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/**
 * Called when a call answers 403 `password_change_required`: an admin asked this user for a new
 * password, and until then the session reaches only GET /me, PUT /me/password and the logout.
 */
export function setPasswordChangeRequiredHandler(handler: (() => void) | null): void {
  onPasswordChangeRequired = handler;
}

/** Reads a 403's code from a copy of the body, without holding the answer back. */
function watchForPasswordChange(response: Response): void {
  if (!onPasswordChangeRequired || !response.headers.get("Content-Type")?.includes("json")) return;
  response
    .clone()
    .json()
    .then((body: { error?: { code?: string } } | null) => {
      if (body?.error?.code === "password_change_required") onPasswordChangeRequired?.();
    })
    .catch(() => undefined);
}

const PUBLIC_PREFIX = "/api/v1/simulator/";
const SIGN_IN = ["/api/v1/auth/login", "/api/v1/me"];

const session: Middleware = {
  onRequest({ request }) {
    request.headers.set("Accept-Language", currentLang());
    const path = new URL(request.url).pathname;
    if (request.method !== "GET" && csrfToken && !path.startsWith(PUBLIC_PREFIX)) {
      request.headers.set("X-CSRF-Token", csrfToken);
    }
    return request;
  },
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    // The boot check (GET /me) and the login decide for themselves what a 401 means.
    if (response.status === 401 && !path.startsWith(PUBLIC_PREFIX) && !SIGN_IN.includes(path)) {
      onUnauthorized?.();
    }
    if (response.status === 403 && !path.startsWith(PUBLIC_PREFIX)) watchForPasswordChange(response);
    return response;
  },
};

export const http = createClient<paths>({ baseUrl: location.origin, credentials: "same-origin" });
http.use(session);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call: its data, or an ApiError (status 0 when the network failed). */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch {
    throw new ApiError(0, "network", "");
  }
  const { data, error, response } = answer;
  if (response.ok) return data as T;
  const detail = (error as { error?: { code?: string; message?: string; request_id?: string | null } } | undefined)
    ?.error;
  throw new ApiError(
    response.status,
    detail?.code ?? `http_${response.status}`,
    detail?.message ?? response.statusText,
    detail?.request_id ?? null,
  );
}
