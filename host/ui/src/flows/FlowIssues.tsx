// What validation found in a flow, listed by node: each problem with its severity, the field it
// is about (the JSON pointer) and the server's message. Errors block publishing; warnings do not.
import { useI18n } from "../i18n";
import { countBySeverity, groupIssuesByNode, type Issue } from "./issues";

export function FlowIssues({ issues }: { issues: Issue[] }) {
  const { t } = useI18n();
  if (issues.length === 0) {
    return (
      <p className="flow-issues-ok" role="status" data-testid="flow-issues">
        {t("flowsPage.issues.none")}
      </p>
    );
  }
  const { errors, warnings } = countBySeverity(issues);
  return (
    <section className="flow-issues" aria-label={t("flowsPage.issues.title")} data-testid="flow-issues">
      <h3>{t("flowsPage.issues.title")}</h3>
      <p className="muted" role="status">
        {t("flowsPage.issues.summary", { errors, warnings })}
      </p>
      {groupIssuesByNode(issues).map((group) => (
        <div key={group.node ?? ""} className="flow-issue-group" data-testid="flow-issue-group" data-node={group.node ?? ""}>
          <h4>{group.node === null ? t("flowsPage.issues.document") : t("flowsPage.issues.node", { node: group.node })}</h4>
          <ul>
            {group.issues.map((issue, i) => (
              <li key={`${issue.pointer}-${i}`} className={`flow-issue flow-issue-${issue.severity}`} data-testid="flow-issue">
                <IssueText issue={issue} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** An issue's severity, message and field. */
export function IssueText({ issue }: { issue: Issue }) {
  const { t } = useI18n();
  return (
    <>
      <span className={`flow-severity flow-severity-${issue.severity}`}>
        {issue.severity === "error" ? t("flowsPage.issues.error") : t("flowsPage.issues.warning")}
      </span>{" "}
      <span className="flow-issue-message">{issue.message}</span>
      <span className="flow-issue-field">
        <span className="sr-only">{t("flowsPage.issues.field")}: </span>
        <code>{issue.pointer}</code>
      </span>
    </>
  );
}
