// The console's top bar: whose console it is (the reseller's name), who is signed in, the
// language and "Sair" (back to the console's login form).
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../api/errors";
import type { ResellerUser } from "../api/types";
import { useI18n } from "../i18n";
import { resellerLogout } from "../queries/reseller";
import { LanguageSwitch } from "../shell/LanguageSwitch";
import { showToast } from "../ui/toast";

export function ConsoleHeader({ user }: { user: ResellerUser }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);

  async function logout() {
    setBusy(true);
    try {
      await resellerLogout(queryClient);
    } catch (err) {
      // The page is signed out anyway (resellerLogout); the server's reason is told.
      showToast(errorMessage(err), "error");
    } finally {
      setBusy(false);
    }
  }

  return (
    <header className="reseller-header">
      <div className="reseller-brand">
        <span className="reseller-kicker">{t("reseller.title")}</span>
        <h1 data-testid="reseller-name">{user.reseller_name}</h1>
      </div>
      <div className="reseller-who">
        <span className="reseller-person" data-testid="reseller-person" title={user.email}>
          {user.name}
        </span>
        <LanguageSwitch />
        <button type="button" className="btn" onClick={() => void logout()} disabled={busy}>
          {t("reseller.logout")}
        </button>
      </div>
    </header>
  );
}
