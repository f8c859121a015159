// The public simulator page (/simulator/<key>, CH4): a phone-like frame where a person plays the
// contact. First "Seu nome" + "Seu telefone", then the chat with the company.
import { useEffect, useState } from "react";
import { ApiError, errorMessage } from "../api/errors";
import { simulatorApi } from "./api";
import { translate, useI18n } from "../i18n";
import type { SimInfo } from "../api/types";
import { LanguageSwitch } from "../shell/LanguageSwitch";
import { loadIdentity, saveIdentity, type SimIdentity } from "./identity";
import { SimChat } from "./SimChat";
import { SimStartForm } from "./SimStartForm";

export function SimulatorPage({ simKey }: { simKey: string }) {
  const { t } = useI18n();
  const [info, setInfo] = useState<SimInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [identity, setIdentity] = useState<SimIdentity | null>(() => loadIdentity(simKey));

  useEffect(() => {
    simulatorApi.info(simKey).then(setInfo, (err: unknown) =>
      setError(err instanceof ApiError && err.status === 404 ? translate("sim.notFound") : errorMessage(err)),
    );
  }, [simKey]);

  useEffect(() => {
    document.title = info ? `${info.account.name} · ${t("sim.title")}` : t("sim.title");
  }, [info, t]);

  return (
    <div className="simulator-page">
      <div className="phone" data-testid="simulator">
        <header className="phone-header">
          <div className="phone-avatar" aria-hidden="true">
            {(info?.account.name ?? "?").slice(0, 1).toUpperCase()}
          </div>
          <div className="phone-title">
            <strong>{info?.account.name ?? t("sim.title")}</strong>
            <span>{info?.channel.name ?? ""}</span>
          </div>
          {identity && (
            <button
              type="button"
              className="phone-link"
              onClick={() => {
                saveIdentity(simKey, null);
                setIdentity(null);
              }}
            >
              {t("sim.change")}
            </button>
          )}
        </header>
        {error ? (
          <div className="phone-body phone-center">
            <p className="error-text" role="alert">
              {error}
            </p>
          </div>
        ) : identity ? (
          <SimChat simKey={simKey} identity={identity} />
        ) : (
          <SimStartForm
            initial={loadIdentity(simKey)}
            onStart={(id) => {
              saveIdentity(simKey, id);
              setIdentity(id);
            }}
          />
        )}
      </div>
      <div className="simulator-lang">
        <LanguageSwitch />
      </div>
    </div>
  );
}
