// "Canais" (/admin/channels, CH1–CH4, A4): the account's channels (kind, name, number or page,
// the webhook address to copy for Meta channels), "Criar canal simulador", the three connect
// forms (WhatsApp number, Facebook Page, Instagram account) whose success shows the webhook URL
// and verify token to register at Meta, "Editar" (name; a number's number, WABA id and echo
// word), "Testar conexão" and "Trocar credenciais" of a Meta channel.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "../i18n";
import { createSimulatorChannel, type Channel } from "../queries/channels";
import { channelsQuery } from "../queries/reference";
import { ChannelIcon, channelKindLabel } from "../ui/ChannelIcon";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { AdminPage } from "./AdminPage";
import { ChannelConnectedDialog } from "./ChannelConnectedDialog";
import { ChannelCredentialsDialog } from "./ChannelCredentialsDialog";
import { ChannelEditDialog } from "./ChannelEditDialog";
import { ConnectionTestButton } from "./ConnectionTestButton";
import { webhookUrl, type MetaKind } from "./channelForm";
import { CopyField } from "./CopyField";
import { CONNECT_TITLE, MetaChannelForm } from "./MetaChannelForm";
import { NameForm } from "./NameForm";

const META_KINDS: MetaKind[] = ["whatsapp", "messenger", "instagram"];

export function ChannelsPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.channels")} className="admin-wide">
      <Channels />
    </AdminPage>
  );
}

function Channels() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const list = useQuery(channelsQuery);
  const [connecting, setConnecting] = useState<MetaKind | null>(null);
  const [connected, setConnected] = useState<{ channel: Channel; verifyToken: string } | null>(null);
  const [rotating, setRotating] = useState<Channel | null>(null);
  const [editing, setEditing] = useState<Channel | null>(null);

  return (
    <>
      <p className="muted">{t("channelsAdmin.intro")}</p>
      <div className="admin-toolbar admin-connect-buttons">
        {META_KINDS.map((kind) => (
          <button key={kind} type="button" className="btn btn-ghost" onClick={() => setConnecting(kind)}>
            <span aria-hidden="true">
              <ChannelIcon kind={kind} />
            </span>{" "}
            {t(CONNECT_TITLE[kind])}
          </button>
        ))}
      </div>
      <NameForm
        label={t("channels.name")}
        submitLabel={t("channels.createSimulator")}
        maxLength={80}
        resetOnSuccess
        testId="simulator-create"
        onSubmit={async (name) => {
          await createSimulatorChannel(queryClient, name);
          showToast(t("channelsAdmin.simulatorCreated"));
        }}
      />
      <QueryStates query={list} empty={t("channels.empty")} />
      {list.data && list.data.length > 0 && (
        <div className="admin-table-wrap">
          <table className="admin-table" aria-label={t("admin.channels")}>
            <thead>
              <tr>
                <th scope="col">{t("channels.name")}</th>
                <th scope="col">{t("channelsAdmin.kind")}</th>
                <th scope="col">{t("channelsAdmin.address")}</th>
                <th scope="col">{t("channelsAdmin.webhook")}</th>
                <th scope="col">
                  <span className="sr-only">{t("users.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((channel) => (
                <tr key={channel.id} data-testid="channel">
                  <th scope="row">
                    <span className="admin-channel-name">
                      <ChannelIcon kind={channel.kind} /> {channel.name}
                    </span>
                  </th>
                  <td>{channelKindLabel(channel.kind, t)}</td>
                  <td>{channel.display_phone ?? channel.external_id ?? "—"}</td>
                  <td className="admin-webhook-cell">
                    {channel.webhook_path ? (
                      <CopyField label={t("channelsAdmin.webhookOf", { name: channel.name })} value={webhookUrl(window.location.origin, channel.webhook_path)} hideLabel />
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="admin-row-actions">
                    {channel.kind === "simulator" && channel.simulator_url && (
                      <a className="link-button" href={channel.simulator_url} target="_blank" rel="noopener noreferrer">
                        {t("channels.openSimulator")}
                      </a>
                    )}
                    {channel.kind !== "simulator" && (
                      <button type="button" className="link-button" onClick={() => setEditing(channel)} aria-label={t("channelsAdmin.editOf", { name: channel.name })}>
                        {t("common.edit")}
                      </button>
                    )}
                    {channel.kind !== "simulator" && (
                      <button type="button" className="link-button" onClick={() => setRotating(channel)} aria-label={t("channelsAdmin.credentialsOf", { name: channel.name })}>
                        {t("channelsAdmin.credentials")}
                      </button>
                    )}
                    {channel.kind !== "simulator" && <ConnectionTestButton channel={channel} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MetaChannelForm
        kind={connecting}
        onClose={() => setConnecting(null)}
        onConnected={(channel, verifyToken) => {
          setConnecting(null);
          setConnected({ channel, verifyToken });
        }}
      />
      <ChannelConnectedDialog connected={connected} onClose={() => setConnected(null)} />
      <ChannelCredentialsDialog channel={rotating} onClose={() => setRotating(null)} />
      <ChannelEditDialog channel={editing} onClose={() => setEditing(null)} />
    </>
  );
}
