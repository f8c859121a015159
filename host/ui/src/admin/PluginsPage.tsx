// "Plugins" (/admin/plugins, A4): the plugins that ship with Atende (each switched on or off for
// the account) and the account's own: upload one (PluginUpload.tsx), a new version of one, switch
// it on or off, delete one of its versions (not its only one) or the whole plugin after a "Sim".
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../api/errors";
import { formatDateTime } from "../format";
import { useI18n } from "../i18n";
import { deletePlugin, deletePluginVersion, pluginsQuery, setPluginEnabled } from "../queries/plugins";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { Dialog } from "../ui/Dialog";
import { EmptyState, QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { AdminPage } from "./AdminPage";
import { KIND_LABEL, formatBytes, splitPlugins, type PluginView } from "./pluginForm";
import { PluginUpload } from "./PluginUpload";

export function PluginsPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.plugins")} className="admin-wide">
      <Plugins />
    </AdminPage>
  );
}

function Plugins() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const list = useQuery(pluginsQuery);
  const [newVersionOf, setNewVersionOf] = useState<PluginView | null>(null);
  const [deleting, setDeleting] = useState<PluginView | null>(null);
  const [deletingVersion, setDeletingVersion] = useState<{ plugin: PluginView; version: string } | null>(null);
  const { shipped, own } = splitPlugins(list.data ?? []);

  return (
    <>
      <p className="muted">{t("plugins.intro")}</p>
      <section className="admin-section" aria-labelledby="plugins-upload">
        <h2 id="plugins-upload">{t("plugins.uploadTitle")}</h2>
        <PluginUpload />
      </section>
      <QueryStates query={list} />
      {list.data && (
        <>
          <section className="admin-section" aria-labelledby="plugins-own">
            <h2 id="plugins-own">{t("plugins.own")}</h2>
            {own.length === 0 && <EmptyState title={t("plugins.ownEmpty")} />}
            <ul className="cards" aria-label={t("plugins.own")}>
              {own.map((plugin) => (
                <li key={plugin.id} className="card-item plugin-card" data-testid="plugin">
                  <div className="admin-tag-row">
                    <span className="admin-item-name admin-tag-name">{plugin.name}</span>
                    <span className="admin-badge">{t(KIND_LABEL[plugin.kind])}</span>
                    <span className="muted">{t("plugins.current", { version: plugin.version })}</span>
                    <div className="card-item-actions">
                      <EnabledSwitch plugin={plugin} />
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setNewVersionOf(plugin)}
                        aria-label={t("plugins.newVersionOf", { name: plugin.name })}
                      >
                        {t("plugins.newVersion")}
                      </button>
                      <button
                        type="button"
                        className="link-button danger"
                        onClick={() => setDeleting(plugin)}
                        aria-label={t("plugins.deleteOf", { name: plugin.name })}
                      >
                        {t("common.delete")}
                      </button>
                    </div>
                  </div>
                  {plugin.description && <p className="muted plugin-description">{plugin.description}</p>}
                  <table className="admin-table plugin-versions" aria-label={t("plugins.versionsOf", { name: plugin.name })}>
                    <thead>
                      <tr>
                        <th scope="col">{t("plugins.version")}</th>
                        <th scope="col">{t("plugins.size")}</th>
                        <th scope="col">{t("plugins.uploadedAt")}</th>
                        <th scope="col">
                          <span className="sr-only">{t("users.actions")}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {plugin.versions.map((v) => (
                        <tr key={v.version} data-testid="plugin-version">
                          <th scope="row">{v.version}</th>
                          <td>{formatBytes(v.size_bytes)}</td>
                          <td>{v.created_at ? formatDateTime(v.created_at) : "—"}</td>
                          <td className="admin-row-actions">
                            {plugin.versions.length > 1 && (
                              <button
                                type="button"
                                className="link-button danger"
                                onClick={() => setDeletingVersion({ plugin, version: v.version })}
                                aria-label={t("plugins.deleteVersionOf", { name: plugin.name, version: v.version })}
                              >
                                {t("plugins.deleteVersion")}
                              </button>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </li>
              ))}
            </ul>
          </section>
          <section className="admin-section" aria-labelledby="plugins-shipped">
            <h2 id="plugins-shipped">{t("plugins.shipped")}</h2>
            <p className="muted">{t("plugins.shippedText")}</p>
            <div className="admin-table-wrap">
              <table className="admin-table" aria-label={t("plugins.shipped")}>
                <thead>
                  <tr>
                    <th scope="col">{t("plugins.name")}</th>
                    <th scope="col">{t("plugins.kind")}</th>
                    <th scope="col">{t("plugins.version")}</th>
                    <th scope="col">{t("plugins.enabled")}</th>
                  </tr>
                </thead>
                <tbody>
                  {shipped.map((plugin) => (
                    <tr key={plugin.name} data-testid="shipped-plugin" className={plugin.enabled ? undefined : "admin-inactive"}>
                      <th scope="row" title={plugin.description}>
                        {plugin.name}
                      </th>
                      <td>{t(KIND_LABEL[plugin.kind])}</td>
                      <td>{plugin.version}</td>
                      <td>
                        <EnabledSwitch plugin={plugin} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
      <Dialog
        open={newVersionOf !== null}
        title={t("plugins.newVersionTitle", { name: newVersionOf?.name ?? "" })}
        onClose={() => setNewVersionOf(null)}
        dismissOnBackdrop={false}
      >
        {newVersionOf && <PluginUpload existing={newVersionOf} onDone={() => setNewVersionOf(null)} />}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t("plugins.delete")}
        question={t("plugins.deleteQuestion", { name: deleting?.name ?? "" })}
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deletePlugin(queryClient, deleting!.id!);
          showToast(t("plugins.deleted", { name: deleting!.name }));
        }}
      />
      <ConfirmDialog
        open={deletingVersion !== null}
        title={t("plugins.deleteVersion")}
        question={t("plugins.deleteVersionQuestion", {
          name: deletingVersion?.plugin.name ?? "",
          version: deletingVersion?.version ?? "",
        })}
        danger
        onClose={() => setDeletingVersion(null)}
        onConfirm={async () => {
          await deletePluginVersion(queryClient, deletingVersion!.plugin.id!, deletingVersion!.version);
          showToast(t("plugins.versionDeleted"));
        }}
      />
    </>
  );
}

/** "Ativo": switches the plugin on or off at once; a refusal is told in a toast and the box goes back. */
function EnabledSwitch({ plugin }: { plugin: PluginView }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  return (
    <label className="check-field">
      <input
        type="checkbox"
        role="switch"
        checked={plugin.enabled}
        disabled={busy}
        aria-label={t("plugins.enabledOf", { name: plugin.name })}
        onChange={async (e) => {
          const enabled = e.target.checked;
          setBusy(true);
          try {
            await setPluginEnabled(queryClient, plugin, enabled);
            showToast(t(enabled ? "plugins.switchedOn" : "plugins.switchedOff", { name: plugin.name }));
          } catch (err) {
            showToast(errorMessage(err), "error");
          } finally {
            setBusy(false);
          }
        }}
      />
      <span aria-hidden="true">{t("plugins.enabled")}</span>
    </label>
  );
}
