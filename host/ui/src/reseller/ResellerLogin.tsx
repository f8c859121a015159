// "Entrar no console da revenda": e-mail and password of a reseller's person; the server's own
// message on failure. Signed in, the route shows the console in place (same URL).
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useI18n } from "../i18n";
import { resellerLogin } from "../queries/reseller";
import { LoginForm } from "../ui/LoginForm";

export function ResellerLogin() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  return (
    <main className="center-page login-page">
      <LoginForm
        title={t("reseller.loginTitle")}
        intro={<p className="muted reseller-login-intro">{t("reseller.loginIntro")}</p>}
        onLogin={async (email, password) => {
          await resellerLogin(queryClient, email, password);
        }}
      />
      <Link to="/login" className="login-other">
        {t("reseller.agentLogin")}
      </Link>
    </main>
  );
}
