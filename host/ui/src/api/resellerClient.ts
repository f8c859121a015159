// The reseller console's HTTP client (A1, A2): the same typed paths as the agent app's, but its
// own session. The console signs in with the `atende_reseller` cookie and its own CSRF token
// (from login or GET /reseller/me), so it never sends the agent's token, and a 401 here only
// means "show the console's login": the agent app's handler (which goes to /login) is not called.
import createClient, { type Middleware } from "openapi-fetch";
import { currentLang } from "../i18n";
import type { paths } from "./schema";

let csrfToken: string | null = null;

/** Remembers the token every console write must carry (from the console's login or GET /me). */
export function setResellerCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

const consoleSession: Middleware = {
  onRequest({ request }) {
    request.headers.set("Accept-Language", currentLang());
    if (request.method !== "GET" && csrfToken) request.headers.set("X-CSRF-Token", csrfToken);
    return request;
  },
};

/** Only for /api/v1/reseller/… paths; the answers go through `call()` (api/client.ts) like any other. */
export const resellerHttp = createClient<paths>({ baseUrl: location.origin, credentials: "same-origin" });
resellerHttp.use(consoleSession);
