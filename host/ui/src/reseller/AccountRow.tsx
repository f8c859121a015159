// One account in the console's "Contas" table (A1): its name, "Ativa" or "Suspensa desde …",
// its usage figures and "Suspender" or "Reativar".
import type { ResellerAccount } from "../api/types";
import { useI18n } from "../i18n";
import { USAGE_COLUMNS, accountState, formatFigure } from "./accountView";

interface Props {
  account: ResellerAccount;
  /** Reactivating: the button waits. */
  busy: boolean;
  onSuspend: () => void;
  onReactivate: () => void;
}

export function AccountRow({ account: a, busy, onSuspend, onReactivate }: Props) {
  const { t, lang } = useI18n();
  const state = accountState(a, lang);
  return (
    <tr data-testid="account-row" data-id={a.id} className={state.suspended ? "reseller-suspended" : undefined}>
      <th scope="row">{a.name}</th>
      <td data-col="state">
        {state.suspended ? (
          <span className="reseller-state reseller-state-suspended">{t("reseller.state.suspended", { date: state.since })}</span>
        ) : (
          <span className="reseller-state reseller-state-active">{t("reseller.state.active")}</span>
        )}
      </td>
      {USAGE_COLUMNS.map((c) => (
        <td key={c.key} data-col={c.key} className="reseller-figure">
          {formatFigure(a.usage[c.key], lang)}
        </td>
      ))}
      <td className="admin-row-actions">
        {state.suspended ? (
          <button
            type="button"
            className="link-button"
            onClick={onReactivate}
            disabled={busy}
            aria-label={t("reseller.reactivateOf", { name: a.name })}
          >
            {t("reseller.reactivate")}
          </button>
        ) : (
          <button type="button" className="link-button danger" onClick={onSuspend} aria-label={t("reseller.suspendOf", { name: a.name })}>
            {t("reseller.suspend")}
          </button>
        )}
      </td>
    </tr>
  );
}
