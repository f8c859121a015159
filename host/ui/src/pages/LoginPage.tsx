// The login page (/login): e-mail and password; the server's own message on failure. Signed in,
// it goes back to where the user was headed (a deep link survives the login), else /chat. A
// reseller finds their own console's login below the form ("Sou revenda").
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { useI18n } from "../i18n";
import { keys } from "../queries/keys";
import { login } from "../queries/session";
import { LoginForm } from "../ui/LoginForm";

const route = getRouteApi("/login");

export function LoginPage() {
  const { t } = useI18n();
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  async function signIn(email: string, password: string) {
    const me = await login(email, password);
    queryClient.setQueryData(keys.me, me);
    if (redirect) void navigate({ href: redirect, replace: true });
    else void navigate({ to: "/chat", replace: true });
  }

  return (
    <div className="center-page login-page">
      <LoginForm title={t("login.title")} onLogin={signIn} />
      <Link to="/revenda" className="login-other">
        {t("login.reseller")}
      </Link>
    </div>
  );
}
