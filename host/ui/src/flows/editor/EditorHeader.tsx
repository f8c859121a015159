// The editor's header: the way back to "Fluxos", the flow's name, the save state ("Salvo",
// "Salvando…", "Alterações não salvas", the failed save with "Tentar de novo", or not saved
// because another admin saved the draft meanwhile), and the
// actions — undo, redo, "Revisões", "Testar" (the test run panel, issue 16 part 7), "Atalhos",
// "Publicar" (blocked, with the reason, while errors remain).
import { Link } from "@tanstack/react-router";
import type { Ref } from "react";
import { useI18n } from "../../i18n";
import type { SaveState } from "./useAutosave";

interface Props {
  name: string;
  save: SaveState;
  onRetrySave: () => void;
  history: { canUndo: boolean; canRedo: boolean; undo: () => void; redo: () => void };
  onHelp: () => void;
  onRevisions: () => void;
  /** Opens or closes the test run panel; `testing` says whether it is open. */
  onTest: () => void;
  testing: boolean;
  /** The "Testar" button, which takes the focus back when the panel closes. */
  testButton: Ref<HTMLButtonElement>;
  onPublish: () => void;
  blocked: boolean;
}

export function EditorHeader({ name, save, onRetrySave, history, onHelp, onRevisions, onTest, testing, testButton, onPublish, blocked }: Props) {
  const { t } = useI18n();
  return (
    <header className="flow-editor-head">
      <Link to="/admin/flows" className="link-button">
        ← {t("flowsPage.title")}
      </Link>
      <h1>{name}</h1>
      <p className={`flow-editor-save flow-editor-save-${save.kind}`} role="status" data-testid="save-status">
        {save.kind === "saved" && t("flowEditor.saved")}
        {save.kind === "saving" && t("flowEditor.saving")}
        {save.kind === "unsaved" && t("flowEditor.unsaved")}
        {save.kind === "conflict" && t("flowEditor.conflict")}
        {save.kind === "failed" && (
          <>
            {t("flowEditor.saveFailed", { error: save.message })}{" "}
            <button type="button" className="link-button" onClick={onRetrySave}>
              {t("common.retry")}
            </button>
          </>
        )}
      </p>
      <div className="flow-editor-actions" role="group" aria-label={t("flowEditor.toolbar")}>
        <button type="button" className="btn" onClick={history.undo} disabled={!history.canUndo} aria-keyshortcuts="Control+Z">
          {t("flowEditor.undo")}
        </button>
        <button type="button" className="btn" onClick={history.redo} disabled={!history.canRedo} aria-keyshortcuts="Control+Shift+Z Control+Y">
          {t("flowEditor.redo")}
        </button>
        <button type="button" className="btn" onClick={onRevisions}>
          {t("flowEditor.revisions")}
        </button>
        <button type="button" className="btn" onClick={onTest} aria-expanded={testing} ref={testButton}>
          {t("flowEditor.test")}
        </button>
        <button type="button" className="btn" onClick={onHelp} aria-keyshortcuts="?">
          {t("flowEditor.shortcuts")}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={onPublish}
          disabled={blocked}
          aria-describedby={blocked ? "flow-editor-blocked" : undefined}
        >
          {t("flowsPage.publish")}
        </button>
      </div>
      {blocked && (
        <p className="error-text flow-editor-blocked" id="flow-editor-blocked">
          {t("flowsPage.publishBlocked")}
        </p>
      )}
    </header>
  );
}
