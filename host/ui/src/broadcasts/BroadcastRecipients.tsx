// A broadcast's recipients (A7, S10): each one's name, phone, state (pendente, enviada, falhou),
// what became of the message (entregue, lida …) and the failure's code, all or in one state,
// page after page ("Carregar mais": a broadcast may reach 100,000 contacts). While the broadcast
// sends, the pages loaded are asked again every few seconds (not every second like the totals:
// each time is one request per loaded page).
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "../i18n";
import { broadcastRecipientsQuery } from "../queries/broadcasts";
import { Field } from "../ui/Field";
import { QueryStates } from "../ui/States";
import { RecipientRow } from "./RecipientRow";
import { RECIPIENT_FILTERS, type RecipientFilter } from "./broadcastView";

/** Every few seconds while sending. */
const MOVING_REFRESH_MS = 5_000;

export function BroadcastRecipients({ id, moving }: { id: number; moving: boolean }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<RecipientFilter>("all");
  const list = useInfiniteQuery({ ...broadcastRecipientsQuery(id, state), refetchInterval: moving ? MOVING_REFRESH_MS : false });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="admin-section broadcast-recipients" aria-labelledby="broadcast-recipients-title">
      <div className="broadcast-recipients-head">
        <h2 id="broadcast-recipients-title">{t("broadcasts.recipients")}</h2>
        <Field label={t("broadcasts.recipientsFilter")}>
          <select value={state} onChange={(e) => setState(e.target.value as RecipientFilter)}>
            {RECIPIENT_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {t(f.label)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <QueryStates
        query={{ ...list, data: list.data ? items : undefined }}
        empty={state === "all" ? t("broadcasts.recipientsEmpty") : t("broadcasts.recipientsNoMatch")}
      />
      {items.length > 0 && (
        <div className="admin-table-wrap">
          <table className="admin-table broadcast-recipients-table" aria-label={t("broadcasts.recipients")}>
            <thead>
              <tr>
                <th scope="col">{t("broadcasts.contact")}</th>
                <th scope="col">{t("broadcasts.phone")}</th>
                <th scope="col">{t("broadcasts.state")}</th>
                <th scope="col">{t("broadcasts.message")}</th>
                <th scope="col">{t("broadcasts.sentAt")}</th>
                <th scope="col">{t("broadcasts.error")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <RecipientRow key={r.contact_id} recipient={r} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <div className="broadcast-more">
          <span className="muted">{t("broadcasts.showing", { shown: items.length.toLocaleString(lang) })}</span>
          <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? t("common.loading") : t("broadcasts.loadMore")}
          </button>
        </div>
      )}
    </section>
  );
}
