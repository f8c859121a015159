// "Troque sua senha" (issue 17 part 5): what a signed-in user sees, whatever the URL, once an
// admin used "Exigir troca de senha" on them; until they choose a new password the server answers
// their session nothing but GET /me, the new password and the logout. The form is "Meu Perfil"'s
// (the current password, the new one twice); changed, every query is asked again and the app
// appears where they were. "Sair" signs out instead.
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useId, useState } from "react";
import type { Me } from "../api/types";
import { useI18n } from "../i18n";
import { unsubscribeLocally } from "../notifications/push";
import { PasswordForm } from "../profile/PasswordCard";
import { logout } from "../queries/session";
import { realtime } from "../realtime/socket";
import { showToast } from "../ui/toast";
import { LanguageSwitch } from "./LanguageSwitch";

export function PasswordChangeRequired({ me }: { me: Me }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const titleId = useId();
  const [leaving, setLeaving] = useState(false);

  async function changed() {
    showToast(t("password.requiredDone"));
    // GET /me now says so, and what the app had asked before was refused: all of it again.
    await queryClient.invalidateQueries();
  }

  async function signOut() {
    setLeaving(true);
    try {
      await unsubscribeLocally();
      await logout();
    } finally {
      realtime.stop();
      queryClient.clear();
      void navigate({ to: "/login", replace: true });
    }
  }

  return (
    <main className="center-page password-required" aria-labelledby={titleId} data-testid="password-change-required">
      <div className="card password-required-card">
        <div className="login-head">
          <h1 id={titleId}>{t("password.requiredTitle")}</h1>
          <LanguageSwitch />
        </div>
        <p className="password-required-intro">{t("password.requiredIntro")}</p>
        <p className="muted password-required-who">{t("password.requiredWho", { name: me.user.name, email: me.user.email })}</p>
        <PasswordForm onChanged={changed} autoFocus />
        <div className="password-required-leave">
          <button type="button" className="link-button" onClick={() => void signOut()} disabled={leaving}>
            {t("top.logout")}
          </button>
        </div>
      </div>
    </main>
  );
}
