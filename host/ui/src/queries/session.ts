// The signed-in session: GET /me (also the boot check), login and logout.
import { queryOptions } from "@tanstack/react-query";
import { call, http, setCsrfToken } from "../api/client";
import type { Me } from "../api/types";
import { keys } from "./keys";

export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: async (): Promise<Me> => {
    const me = await call(http.GET("/api/v1/me"));
    setCsrfToken(me.csrf_token);
    return me;
  },
  staleTime: Infinity,
  retry: false,
});

export async function login(email: string, password: string): Promise<Me> {
  const me = await call(http.POST("/api/v1/auth/login", { body: { email, password } }));
  setCsrfToken(me.csrf_token);
  return me;
}

export async function logout(): Promise<void> {
  try {
    await call(http.POST("/api/v1/auth/logout"));
  } finally {
    setCsrfToken(null);
  }
}
