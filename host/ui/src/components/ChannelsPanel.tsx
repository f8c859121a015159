// The "Canais" panel: the account's channels, an "Abrir simulador" link on simulator channels,
// and for admins the "Criar canal simulador" form.
import { useEffect, useState, type FormEvent } from "react";
import { api, errorMessage } from "../api";
import { useI18n } from "../i18n";
import type { Channel, Me } from "../types";
import { ChannelIcon } from "./ChannelIcon";

interface Props {
  me: Me;
  onClose: () => void;
}

export function ChannelsPanel({ me, onClose }: Props) {
  const { t } = useI18n();
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    api.listChannels().then(setChannels, (err: unknown) => setError(errorMessage(err)));
  }, []);

  async function create(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || creating) return;
    setCreating(true);
    setError(null);
    try {
      const channel = await api.createSimulatorChannel(trimmed);
      setChannels((list) => [...(list ?? []), channel]);
      setName("");
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setCreating(false);
    }
  }

  return (
    <section className="channels-panel card" aria-label={t("channels.title")}>
      <header className="panel-header">
        <h2>{t("channels.title")}</h2>
        <button type="button" className="btn btn-ghost" onClick={onClose} aria-label={t("common.close")}>
          ×
        </button>
      </header>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {channels === null && !error && <p className="muted">{t("common.loading")}</p>}
      {channels?.length === 0 && <p className="muted">{t("channels.empty")}</p>}
      <ul className="channel-list">
        {channels?.map((c) => (
          <li key={c.id} className="channel-row">
            <ChannelIcon kind={c.kind} />
            <span className="channel-name">{c.name}</span>
            <span className="muted channel-kind">{t(`channels.kind.${c.kind}`)}</span>
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
            <label className="field">
              <span>{t("channels.name")}</span>
              <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
            </label>
            <button type="submit" className="btn btn-primary" disabled={creating || !name.trim()}>
              {t("channels.create")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
