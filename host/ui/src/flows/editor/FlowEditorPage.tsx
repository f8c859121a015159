// "Editar no canvas" (/admin/flows/$id/editor, issue 16): the flow's draft in the visual editor,
// for admins; it waits for the flow and the account's step types, and tells others that only
// admins manage flows. After a conflict, "Recarregar" starts the editor again from the draft
// as the server has it.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { getRouteApi, Link } from "@tanstack/react-router";
import { ReactFlowProvider } from "@xyflow/react";
import type { Me } from "../../api/types";
import { useI18n } from "../../i18n";
import { flowQuery } from "../../queries/flows";
import { meQuery } from "../../queries/session";
import { EmptyState, QueryStates } from "../../ui/States";
import { stepsQuery } from "./editorApi";
import { FlowEditor } from "./FlowEditor";
import "../../styles/flowEditor.css";

const route = getRouteApi("/signed-in/admin/flows/$id/editor");

export function FlowEditorPage() {
  const { t } = useI18n();
  const { id } = route.useParams();
  const me = useQuery(meQuery).data as Me;
  const admin = me.user.role === "admin";
  const flow = useQuery({ ...flowQuery(id), enabled: admin, staleTime: 0 });
  const steps = useQuery({ ...stepsQuery, enabled: admin });
  // Another admin's draft loaded (issue 16 part 8): the editor starts again from it.
  const [generation, setGeneration] = useState(0);
  const reload = async () => {
    await flow.refetch({ throwOnError: true });
    setGeneration((g) => g + 1);
  };

  return (
    <main className="flow-editor-page" data-testid="flow-editor">
      {!admin ? (
        <EmptyState title={t("flowsPage.adminsOnly")}>
          <Link to="/admin/flows" className="link-button">
            ← {t("flowsPage.title")}
          </Link>
        </EmptyState>
      ) : flow.data && steps.data ? (
        <ReactFlowProvider key={`${id}-${generation}`}>
          <FlowEditor flow={flow.data} steps={steps.data} onReload={reload} />
        </ReactFlowProvider>
      ) : (
        <div className="flow-editor-loading">
          <h1 className="sr-only">{t("flowEditor.title")}</h1>
          <QueryStates query={flow.data ? steps : flow} />
        </div>
      )}
    </main>
  );
}
