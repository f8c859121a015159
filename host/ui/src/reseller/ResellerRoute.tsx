// The reseller console (/revenda, A1, A2): outside the agent app and its session. Nobody signed
// in to the console: its login form; signed in: the console. The agent's session plays no part
// (a reseller is no account's user, and an agent is no reseller).
import { useQuery } from "@tanstack/react-query";
import { errorMessage } from "../api/errors";
import { resellerMeQuery } from "../queries/reseller";
import { ErrorState, LoadingState } from "../ui/States";
import { ResellerConsole } from "./ResellerConsole";
import { ResellerLogin } from "./ResellerLogin";
import "../styles/admin.css";
import "../styles/reseller.css";

export function ResellerRoute() {
  const me = useQuery(resellerMeQuery);
  if (me.isPending) {
    return (
      <div className="center-page">
        <LoadingState />
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="center-page">
        <ErrorState message={errorMessage(me.error)} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  return me.data ? <ResellerConsole me={me.data} /> : <ResellerLogin />;
}
