// "Canais": the account's channels with "Abrir simulador" on simulator channels, and for
// admins the "Criar canal simulador" form.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Me } from "../api/types";
import { useI18n } from "../i18n";
import { keys } from "../queries/keys";
import { channelsQuery } from "../queries/reference";
import { ChannelIcon, channelKindLabel } from "../ui/ChannelIcon";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { ErrorState, LoadingState } from "../ui/States";

export function ChannelsDialog({ me, open, onClose }: { me: Me; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const channels = useQuery({ ...channelsQuery, enabled: open });
  const [name, setName] = useState("");
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || creating) return;
    setCreating(true);
    setError(null);
    try {
      await call(http.POST("/api/v1/channels", { body: { kind: "simulator", name: trimmed } }));
      await queryClient.invalidateQueries({ queryKey: keys.channels });
      setName("");
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setCreating(false);
    }
  }

  return (
    <Dialog open={open} title={t("channels.title")} onClose={onClose} testId="channels-dialog">
      {channels.isPending && <LoadingState />}
      {channels.isError && <ErrorState message={errorMessage(channels.error)} onRetry={() => void channels.refetch()} />}
      {channels.data?.length === 0 && <p className="muted">{t("channels.empty")}</p>}
      <ul className="channel-list">
        {channels.data?.map((c) => (
          <li key={c.id} className="channel-row">
            <ChannelIcon kind={c.kind} />
            <span className="channel-name">{c.name}</span>
            <span className="muted channel-kind">{channelKindLabel(c.kind, t)}</span>
            {c.kind === "simulator" && c.simulator_url && (
              <a className="btn btn-ghost" href={c.simulator_url} target="_blank" rel="noopener noreferrer">
                {t("channels.openSimulator")}
              </a>
            )}
          </li>
        ))}
      </ul>
      {me.user.role === "admin" && (
        <form className="create-channel" onSubmit={create}>
          <h3>{t("channels.createSimulator")}</h3>
          <div className="inline-form">
            <Field label={t("channels.name")} error={error}>
              <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
            </Field>
            <button type="submit" className="btn btn-primary" disabled={creating || !name.trim()}>
              {t("channels.create")}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
