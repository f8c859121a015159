// A broadcast's page (/admin/broadcasts/$id, A7, S10): its state and what it sends, the progress
// bar and the totals (asked again every second while it waits for its time or sends), "Pausar",
// "Retomar" and "Cancelar", and every recipient's result below (asked again every few seconds
// while it sends, and once more when its state changes).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useEffect, useRef } from "react";
import { AdminPage } from "../admin/AdminPage";
import { useI18n } from "../i18n";
import { broadcastQuery } from "../queries/broadcasts";
import { keys } from "../queries/keys";
import { QueryStates } from "../ui/States";
import { BroadcastActions } from "./BroadcastActions";
import { BroadcastProgress } from "./BroadcastProgress";
import { BroadcastRecipients } from "./BroadcastRecipients";
import { BroadcastSummary } from "./BroadcastSummary";
import { isMoving } from "./broadcastView";
import "../styles/broadcasts.css";

const route = getRouteApi("/signed-in/admin/broadcasts/$id");

export function BroadcastPage() {
  const { t } = useI18n();
  const { id } = route.useParams();
  const query = useQuery(broadcastQuery(id));
  const view = query.data;
  return (
    <AdminPage title={view?.name ?? t("admin.broadcasts")} className="admin-wide broadcasts-page" backToAdmin={false}>
      <Link to="/admin/broadcasts" className="admin-back link-button">
        ← {t("admin.broadcasts")}
      </Link>
      {view ? <Broadcast id={id} /> : <QueryStates query={query} />}
    </AdminPage>
  );
}

function Broadcast({ id }: { id: number }) {
  const queryClient = useQueryClient();
  const view = useQuery(broadcastQuery(id)).data!;
  // A new state (it started, was paused, ended) is news for every recipient loaded so far.
  const lastState = useRef(view.state);
  useEffect(() => {
    if (lastState.current === view.state) return;
    lastState.current = view.state;
    void queryClient.invalidateQueries({ queryKey: [...keys.broadcast(id), "recipients"] });
  }, [view.state, id, queryClient]);

  return (
    <>
      <BroadcastSummary view={view} />
      <BroadcastProgress view={view} />
      <BroadcastActions view={view} />
      <BroadcastRecipients id={id} moving={isMoving(view.state)} />
    </>
  );
}
