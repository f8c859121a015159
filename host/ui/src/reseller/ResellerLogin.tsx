// "Entrar no console da revenda": e-mail and password of a reseller's person; the server's own
// message on failure. Signed in, the route shows the console in place (same URL).
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { useI18n } from "../i18n";
import { resellerLogin } from "../queries/reseller";
import { LanguageSwitch } from "../shell/LanguageSwitch";
import { Field } from "../ui/Field";
import { useAction } from "../ui/useAction";

export function ResellerLogin() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await resellerLogin(queryClient, email.trim(), password);
    });
  }

  return (
    <main className="center-page login-page">
      <form className="card login-card" onSubmit={submit}>
        <div className="login-head">
          <h1>{t("reseller.loginTitle")}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted reseller-login-intro">{t("reseller.loginIntro")}</p>
        <Field label={t("login.email")}>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
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
      <Link to="/login" className="login-other">
        {t("reseller.agentLogin")}
      </Link>
    </main>
  );
}
