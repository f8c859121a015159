// The side panel listing what validation found in the document being edited: a count, then each
// issue with its severity, message and field; an issue about a node is a button that selects and
// centres that node.
import { useI18n } from "../../i18n";
import { IssueText } from "../FlowIssues";
import { countBySeverity, groupIssuesByNode, type Issue } from "../issues";

interface Props {
  issues: readonly Issue[] | undefined;
  onShowNode: (id: string) => void;
}

export function IssuesPanel({ issues, onShowNode }: Props) {
  const { t } = useI18n();
  const { errors, warnings } = countBySeverity(issues ?? []);
  return (
    <section className="flow-editor-issues" aria-labelledby="flow-editor-issues-title" data-testid="editor-issues">
      <h2 id="flow-editor-issues-title">{t("flowEditor.issues")}</h2>
      <p className="muted" role="status" data-testid="editor-issues-summary">
        {issues === undefined
          ? t("flowEditor.validating")
          : issues.length === 0
            ? t("flowsPage.issues.none")
            : t("flowsPage.issues.summary", { errors, warnings })}
      </p>
      {groupIssuesByNode(issues ?? []).map((group) => (
        <ul key={group.node ?? ""} className="flow-editor-issue-list">
          {group.issues.map((issue, i) => (
            <li key={`${issue.pointer}-${i}`} className={`flow-issue flow-issue-${issue.severity}`} data-testid="editor-issue" data-node={issue.node ?? ""}>
              <IssueText issue={issue} />
              {issue.node ? (
                <button type="button" className="link-button" onClick={() => onShowNode(issue.node!)}>
                  {t("flowEditor.showNode", { node: issue.node })}
                </button>
              ) : (
                <span className="flow-issue-field">{t("flowsPage.issues.document")}</span>
              )}
            </li>
          ))}
        </ul>
      ))}
    </section>
  );
}
