// "Transmissões" (/admin/broadcasts, A7, S10): the account's broadcasts, newest first, each with
// its channel, template, state, when it is (or was) due and its results (recipients, sent,
// delivered, read, failed); a name opens its details. "Nova transmissão" opens the form. The
// list is asked again every few seconds while one of them waits or sends.
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { AdminPage } from "../admin/AdminPage";
import { useI18n } from "../i18n";
import { broadcastsQuery } from "../queries/broadcasts";
import { QueryStates } from "../ui/States";
import { BroadcastRow } from "./BroadcastRow";
import "../styles/broadcasts.css";

export function BroadcastsPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.broadcasts")} className="admin-wide broadcasts-page">
      <Broadcasts />
    </AdminPage>
  );
}

function Broadcasts() {
  const { t } = useI18n();
  const list = useQuery(broadcastsQuery);
  return (
    <>
      <div className="admin-toolbar">
        <p className="muted">{t("broadcasts.intro")}</p>
        <Link to="/admin/broadcasts/new" className="btn btn-primary">
          {t("broadcasts.new")}
        </Link>
      </div>
      <QueryStates query={list} empty={t("broadcasts.empty")} />
      {!!list.data?.length && (
        <div className="admin-table-wrap">
          <table className="admin-table broadcasts-table" aria-label={t("admin.broadcasts")}>
            <thead>
              <tr>
                <th scope="col">{t("broadcasts.name")}</th>
                <th scope="col">{t("broadcasts.channel")}</th>
                <th scope="col">{t("broadcasts.template")}</th>
                <th scope="col">{t("broadcasts.state")}</th>
                <th scope="col">{t("broadcasts.scheduledAt")}</th>
                <th scope="col" className="broadcasts-number">{t("broadcasts.totals.recipients")}</th>
                <th scope="col" className="broadcasts-number">{t("broadcasts.totals.sent")}</th>
                <th scope="col" className="broadcasts-number">{t("broadcasts.totals.delivered")}</th>
                <th scope="col" className="broadcasts-number">{t("broadcasts.totals.read")}</th>
                <th scope="col" className="broadcasts-number">{t("broadcasts.totals.failed")}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((b) => (
                <BroadcastRow key={b.id} broadcast={b} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
