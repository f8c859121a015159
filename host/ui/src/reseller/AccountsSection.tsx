// "Contas" (A1): the reseller's accounts in a table (name, "Situação", the usage figures) with
// "Suspender" (after a "Sim" that says what it does) or "Reativar" on each, and "Nova conta".
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../api/errors";
import type { ResellerAccount } from "../api/types";
import { useI18n } from "../i18n";
import { reactivateAccount, resellerAccountsQuery, suspendAccount } from "../queries/reseller";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { AccountRow } from "./AccountRow";
import { NewAccountDialog } from "./NewAccountDialog";
import { USAGE_COLUMNS } from "./accountView";

export function AccountsSection() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const accounts = useQuery(resellerAccountsQuery(queryClient));
  const [creating, setCreating] = useState(false);
  const [suspending, setSuspending] = useState<ResellerAccount | null>(null);
  const [reactivating, setReactivating] = useState<number | null>(null);

  async function reactivate(account: ResellerAccount) {
    setReactivating(account.id);
    try {
      await reactivateAccount(queryClient, account.id);
      showToast(t("reseller.reactivated", { name: account.name }));
    } catch (err) {
      showToast(errorMessage(err), "error");
    } finally {
      setReactivating(null);
    }
  }

  const items = accounts.data ?? [];
  return (
    <section className="card reseller-section" aria-labelledby="reseller-accounts-title">
      <div className="admin-toolbar">
        <h2 id="reseller-accounts-title">{t("reseller.accounts")}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          {t("reseller.new")}
        </button>
      </div>
      <p className="muted reseller-intro">{t("reseller.accountsIntro")}</p>
      <QueryStates query={accounts} empty={t("reseller.accountsEmpty")} />
      {items.length > 0 && (
        <div className="admin-table-wrap">
          <table className="admin-table reseller-table" aria-label={t("reseller.accounts")}>
            <thead>
              <tr>
                <th scope="col">{t("reseller.accountName")}</th>
                <th scope="col">{t("reseller.state")}</th>
                {USAGE_COLUMNS.map((c) => (
                  <th key={c.key} scope="col" className="reseller-figure">
                    {t(c.label)}
                  </th>
                ))}
                <th scope="col">
                  <span className="sr-only">{t("reseller.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <AccountRow
                  key={a.id}
                  account={a}
                  busy={reactivating === a.id}
                  onSuspend={() => setSuspending(a)}
                  onReactivate={() => void reactivate(a)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && <NewAccountDialog onClose={() => setCreating(false)} />}
      <ConfirmDialog
        open={suspending !== null}
        title={t("reseller.suspendTitle")}
        question={t("reseller.suspendQuestion", { name: suspending?.name ?? "" })}
        danger
        onClose={() => setSuspending(null)}
        onConfirm={async () => {
          await suspendAccount(queryClient, suspending!.id);
          showToast(t("reseller.suspended", { name: suspending!.name }));
        }}
      />
    </section>
  );
}
