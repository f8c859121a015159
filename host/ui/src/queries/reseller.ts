// The reseller console's server state (A1, A2): who is signed in (null when nobody: the route
// shows the console's login instead), sign in and out, the reseller's accounts with their usage,
// opening one with its first admin, suspending and reactivating one, and "Verificar código de
// suporte". Everything goes through the console's own client and CSRF token (resellerClient.ts).
// A 401 on any of it (the console session expired) signs the page out: back to the login form.
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call } from "../api/client";
import { isStatus } from "../api/errors";
import { resellerHttp, setResellerCsrfToken } from "../api/resellerClient";
import type { OpenAccount, ResellerAccount, ResellerMe, SupportCodeMatch } from "../api/types";
import { keys } from "./keys";

export const resellerMeQuery = queryOptions({
  queryKey: keys.resellerMe,
  queryFn: async (): Promise<ResellerMe | null> => {
    try {
      const me = await call(resellerHttp.GET("/api/v1/reseller/me"));
      setResellerCsrfToken(me.csrf_token);
      return me;
    } catch (err) {
      if (isStatus(err, 401)) return null;
      throw err;
    }
  },
  staleTime: Infinity,
  retry: false,
});

/** Forgets the console session in the page: the route shows the login form again. */
function signedOut(queryClient: QueryClient): void {
  setResellerCsrfToken(null);
  queryClient.setQueryData(keys.resellerMe, null);
  queryClient.removeQueries({ queryKey: keys.resellerAccounts });
}

/** Awaits a console call; a 401 (the session expired or was ended elsewhere) signs the page out. */
async function consoleCall<T>(queryClient: QueryClient, request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  try {
    return await call(request);
  } catch (err) {
    if (isStatus(err, 401)) signedOut(queryClient);
    throw err;
  }
}

export async function resellerLogin(queryClient: QueryClient, email: string, password: string): Promise<ResellerMe> {
  const me = await call(resellerHttp.POST("/api/v1/reseller/auth/login", { body: { email, password } }));
  setResellerCsrfToken(me.csrf_token);
  queryClient.setQueryData(keys.resellerMe, me);
  return me;
}

export async function resellerLogout(queryClient: QueryClient): Promise<void> {
  try {
    await call(resellerHttp.POST("/api/v1/reseller/auth/logout"));
  } finally {
    signedOut(queryClient);
  }
}

/** The reseller's accounts, by name, with their usage figures. */
export function resellerAccountsQuery(queryClient: QueryClient) {
  return queryOptions({
    queryKey: keys.resellerAccounts,
    queryFn: async (): Promise<ResellerAccount[]> =>
      (await consoleCall(queryClient, resellerHttp.GET("/api/v1/reseller/accounts"))).items,
    staleTime: 30_000,
  });
}

/** Puts one account's new state in the list (kept by name, as the server orders it). */
function storeAccount(queryClient: QueryClient, account: ResellerAccount): void {
  queryClient.setQueryData(keys.resellerAccounts, (items: ResellerAccount[] | undefined) =>
    items
      ? [...items.filter((a) => a.id !== account.id), account].sort((a, b) => a.name.localeCompare(b.name, "pt-BR") || a.id - b.id)
      : items,
  );
}

/** "Nova conta": the account and its first admin, both or neither (422 names the problem, 409 a taken e-mail). */
export async function openAccount(queryClient: QueryClient, body: OpenAccount): Promise<ResellerAccount> {
  const opened = await consoleCall(queryClient, resellerHttp.POST("/api/v1/reseller/accounts", { body }));
  storeAccount(queryClient, opened);
  return opened;
}

/** "Suspender": the account's users cannot sign in; the messages it receives are still stored. */
export async function suspendAccount(queryClient: QueryClient, id: number): Promise<ResellerAccount> {
  const account = await consoleCall(
    queryClient,
    resellerHttp.POST("/api/v1/reseller/accounts/{id}/suspend", { params: { path: { id } } }),
  );
  storeAccount(queryClient, account);
  return account;
}

export async function reactivateAccount(queryClient: QueryClient, id: number): Promise<ResellerAccount> {
  const account = await consoleCall(
    queryClient,
    resellerHttp.POST("/api/v1/reseller/accounts/{id}/reactivate", { params: { path: { id } } }),
  );
  storeAccount(queryClient, account);
  return account;
}

/** Which of the reseller's own accounts has this support code now (none: not theirs, or expired). */
export async function verifySupportCode(queryClient: QueryClient, code: string): Promise<SupportCodeMatch["accounts"]> {
  return (await consoleCall(queryClient, resellerHttp.POST("/api/v1/reseller/support-codes/verify", { body: { code } }))).accounts;
}
