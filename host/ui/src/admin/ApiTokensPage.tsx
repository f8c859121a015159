// "Tokens de API" (/admin/api-tokens, A4): the account's tokens for integrators (name, the first
// characters, who made it, when, when last used), a new one (its secret shown once, with a copy
// button and the warning that it will not be shown again: the server keeps only a hash) and a
// revocation after a "Sim" (the integration stops at once).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "../format";
import { useI18n } from "../i18n";
import { apiTokensQuery, createApiToken, revokeApiToken, type ApiToken } from "../queries/apiTokens";
import { usersQuery } from "../queries/reference";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { AdminPage } from "./AdminPage";
import { NameForm } from "./NameForm";
import { TokenSecretDialog } from "./TokenSecretDialog";

export function ApiTokensPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.apiTokens")} className="admin-wide">
      <ApiTokens />
    </AdminPage>
  );
}

function ApiTokens() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const list = useQuery(apiTokensQuery);
  const users = useQuery(usersQuery);
  const userName = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  return (
    <>
      <p className="muted">{t("tokens.intro")}</p>
      <NameForm
        label={t("tokens.name")}
        submitLabel={t("tokens.create")}
        maxLength={80}
        resetOnSuccess
        testId="token-create"
        onSubmit={async (name) => {
          const { token, apiToken } = await createApiToken(queryClient, name);
          setCreated({ name: apiToken.name, token });
        }}
      />
      <QueryStates query={list} empty={t("tokens.empty")} />
      {list.data && list.data.length > 0 && (
        <div className="admin-table-wrap">
          <table className="admin-table" aria-label={t("admin.apiTokens")}>
            <thead>
              <tr>
                <th scope="col">{t("tokens.name")}</th>
                <th scope="col">{t("tokens.prefix")}</th>
                <th scope="col">{t("tokens.user")}</th>
                <th scope="col">{t("tokens.created")}</th>
                <th scope="col">{t("tokens.lastUsed")}</th>
                <th scope="col">
                  <span className="sr-only">{t("users.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((token) => (
                <tr key={token.id} data-testid="api-token">
                  <th scope="row">{token.name}</th>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td>{userName.get(token.user_id) ?? "—"}</td>
                  <td>{formatDateTime(token.created_at)}</td>
                  <td>{token.last_used_at ? formatDateTime(token.last_used_at) : t("tokens.never")}</td>
                  <td className="admin-row-actions">
                    <button
                      type="button"
                      className="link-button danger"
                      onClick={() => setRevoking(token)}
                      aria-label={t("tokens.revokeOf", { name: token.name })}
                    >
                      {t("tokens.revoke")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <TokenSecretDialog created={created} onClose={() => setCreated(null)} />
      <ConfirmDialog
        open={revoking !== null}
        title={t("tokens.revokeTitle")}
        question={t("tokens.revokeQuestion", { name: revoking?.name ?? "" })}
        danger
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          await revokeApiToken(queryClient, revoking!.id);
          showToast(t("tokens.revoked", { name: revoking!.name }));
        }}
      />
    </>
  );
}
