// The login page (/login): e-mail and password; the server's own message on failure. Signed in,
// it goes back to where the user was headed (a deep link survives the login), else /chat. A
// reseller finds their own console's login below the form ("Sou revenda").
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { keys } from "../queries/keys";
import { login } from "../queries/session";
import { LanguageSwitch } from "../shell/LanguageSwitch";
import { Field } from "../ui/Field";

const route = getRouteApi("/login");

export function LoginPage() {
  const { t } = useI18n();
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await login(email.trim(), password);
      queryClient.setQueryData(keys.me, me);
      if (redirect) void navigate({ href: redirect, replace: true });
      else void navigate({ to: "/chat", replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="center-page login-page">
      <form className="card login-card" onSubmit={submit}>
        <div className="login-head">
          <h1>{t("login.title")}</h1>
          <LanguageSwitch />
        </div>
        <Field label={t("login.email")}>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field label={t("login.password")}>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t("login.submitting") : t("login.submit")}
        </button>
      </form>
      <Link to="/revenda" className="login-other">
        {t("login.reseller")}
      </Link>
    </div>
  );
}
