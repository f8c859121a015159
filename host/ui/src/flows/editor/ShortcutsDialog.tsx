// "Atalhos": the editor's keyboard shortcuts, opened with "?" or its button.
import { useI18n } from "../../i18n";
import { Dialog } from "../../ui/Dialog";
import { SHORTCUTS } from "./shortcuts";

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Dialog open={open} title={t("flowEditor.shortcuts")} onClose={onClose} testId="shortcuts-dialog">
      <table className="flow-editor-shortcuts">
        <thead>
          <tr>
            <th scope="col">{t("flowEditor.shortcuts.keys")}</th>
            <th scope="col">{t("flowEditor.shortcuts.action")}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>
                <kbd>{t(s.keys)}</kbd>
              </td>
              <td>{t(s.action)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
