// The e-mail and password card both logins use — the agents' app (/login) and the reseller
// console (/revenda): its title, the language switch, the server's own message on failure.
// What signing in does is the caller's.
import { useState, type FormEvent, type ReactNode } from "react";
import { useI18n } from "../i18n";
import { LanguageSwitch } from "../shell/LanguageSwitch";
import { Field } from "./Field";
import { useAction } from "./useAction";

export function LoginForm({
  title,
  intro,
  onLogin,
}: {
  title: string;
  /** A line under the title. */
  intro?: ReactNode;
  /** Sign in with the trimmed e-mail; a rejection's message is shown on the card. */
  onLogin: (email: string, password: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(() => onLogin(email.trim(), password));
  }

  return (
    <form className="card login-card" onSubmit={submit}>
      <div className="login-head">
        <h1>{title}</h1>
        <LanguageSwitch />
      </div>
      {intro}
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
  );
}
