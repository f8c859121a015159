// The top bar: brand and account, the "Comunicação interna" shortcut (L14: shows only the team
// chat; pressed again, or "Limpar filtros", shows every chat), the language switch and the user
// menu: the account's "Código de Suporte" for users with that permission (A2), "Meu Perfil"
// (the default closing message, K3), "Configurações" for admins (A4), "Canais", "Sair". At the
// top right: the sound icon (N2) and the bell (N1). "Sair" also drops this device's push
// subscription (N3).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useRouterState } from "@tanstack/react-router";
import { useState } from "react";
import type { Me } from "../api/types";
import { useI18n } from "../i18n";
import { logout } from "../queries/session";
import { supportCodeQuery } from "../queries/supportCode";
import { formatTime } from "../format";
import { unsubscribeLocally } from "../notifications/push";
import { realtime } from "../realtime/socket";
import { TeamIcon } from "../ui/icons";
import { Menu } from "../ui/Menu";
import { ChannelsDialog } from "./ChannelsDialog";
import { LanguageSwitch } from "./LanguageSwitch";
import { NotificationBell } from "./NotificationBell";
import { SoundToggle } from "./SoundToggle";

export function TopBar({ me }: { me: Me }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [channelsOpen, setChannelsOpen] = useState(false);
  const supportCode = useQuery({ ...supportCodeQuery, enabled: me.user.permissions.support_code });
  const internalOn = useRouterState({
    select: (s) => s.location.pathname.startsWith("/chat") && (s.location.search as { internal?: boolean }).internal === true,
  });

  async function signOut() {
    try {
      // The server forgets the device's subscription at logout; the browser's goes too.
      await unsubscribeLocally();
      await logout();
    } finally {
      realtime.stop();
      queryClient.clear();
      void navigate({ to: "/login", replace: true });
    }
  }

  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{t("app.name")}</span>
        <span className="account-name">{me.account.name}</span>
      </div>
      <nav className="top-actions" aria-label={t("top.nav")}>
        <button
          type="button"
          className={internalOn ? "btn btn-ghost internal-shortcut active" : "btn btn-ghost internal-shortcut"}
          aria-pressed={internalOn}
          title={t("view.internal")}
          onClick={() =>
            void navigate({
              to: "/chat",
              search: (prev: Record<string, unknown>) => {
                const { internal: _, ...rest } = prev as { internal?: boolean };
                return internalOn ? rest : { ...rest, internal: true };
              },
            })
          }
        >
          <TeamIcon size={18} />
          <span className="label">{t("view.internal")}</span>
        </button>
        <SoundToggle />
        <NotificationBell />
        <LanguageSwitch />
        <Menu
          label={t("top.userMenu", { name: me.user.name })}
          trigger={
            <span className="user-name" data-testid="user-name">
              {me.user.name}
            </span>
          }
          header={
            supportCode.data && (
              <div className="support-code" data-testid="support-code" title={t("top.supportCodeUntil", { time: formatTime(supportCode.data.expires_at) })}>
                <span className="muted">{t("top.supportCode")}</span>
                <strong>{supportCode.data.code}</strong>
              </div>
            )
          }
          items={[
            { label: t("top.profile"), onSelect: () => void navigate({ to: "/profile" }) },
            ...(me.user.role === "admin" ? [{ label: t("top.admin"), onSelect: () => void navigate({ to: "/admin" }) }] : []),
            { label: t("top.quickReplies"), onSelect: () => void navigate({ to: "/admin/quick-replies" }) },
            { label: t("top.mediaLibrary"), onSelect: () => void navigate({ to: "/admin/media-library" }) },
            { label: t("top.channels"), onSelect: () => setChannelsOpen(true) },
            { label: t("top.logout"), onSelect: () => void signOut() },
          ]}
        />
      </nav>
      <ChannelsDialog me={me} open={channelsOpen} onClose={() => setChannelsOpen(false)} />
    </header>
  );
}
