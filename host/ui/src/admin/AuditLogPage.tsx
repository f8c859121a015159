// "Registro de auditoria" (/admin/audit, issue 17 part 4, admins only): who did what, when and
// from where. The filters ("Usuário", "Ação", "De", "Até") are the URL's (?user=&action=&from=
// &until=), so a search can be linked and survives a reload; the table lists the entries newest
// first ("Quando", "Quem" with the e-mail below, "Ação" by its label, "Alvo" as "#12", "Endereço
// IP") with each one's "Detalhes" (what the request set, secrets shown as "•••") opened below its
// row, and "Carregar mais" while older entries remain. Agents are told it is for admins only
// (AdminPage) and never ask the server (it answers them 403).
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import type { AuditEntry } from "../api/types";
import { formatDateTime } from "../format";
import { useI18n } from "../i18n";
import { auditQuery } from "../queries/audit";
import { usersQuery } from "../queries/reference";
import { Field } from "../ui/Field";
import { QueryStates } from "../ui/States";
import { AdminPage } from "./AdminPage";
import { actionLabel, auditFilter, detailsText, isFiltered, targetText, type AuditSearch } from "./auditActions";

const route = getRouteApi("/signed-in/admin/audit");

const COLUMNS = 6;

export function AuditLogPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.audit")} className="admin-wide audit-page">
      <AuditLog />
    </AdminPage>
  );
}

function AuditLog() {
  const { t } = useI18n();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { user, action, from, until } = search;
  // Days written YYYY-MM-DD compare as text.
  const badRange = from !== undefined && until !== undefined && from > until;
  const filter = useMemo(() => auditFilter({ user, action, from, until }), [user, action, from, until]);
  const list = useInfiniteQuery({ ...auditQuery(filter), enabled: !badRange });
  const entries = list.data?.pages.flatMap((p) => p.items) ?? [];
  const waiting = list.isPlaceholderData;

  const set = (patch: Partial<AuditSearch>) => {
    const next: AuditSearch = { ...search, ...patch };
    for (const key of Object.keys(next) as (keyof AuditSearch)[]) if (next[key] === undefined || next[key] === "") delete next[key];
    void navigate({ search: next, replace: true });
  };

  return (
    <>
      <p className="muted">{t("audit.intro")}</p>
      <AuditFilters search={search} actions={list.data?.pages[0]?.actions ?? []} badRange={badRange} onChange={set} />
      {!badRange && (
        <QueryStates
          query={{ ...list, data: list.data ? entries : undefined }}
          empty={isFiltered(search) ? t("audit.noMatch") : t("audit.empty")}
        />
      )}
      {!badRange && entries.length > 0 && (
        <div className="admin-table-wrap">
          <table className="admin-table audit-table" aria-label={t("admin.audit")} aria-busy={waiting}>
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.who")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.target")}</th>
                <th scope="col">{t("audit.ip")}</th>
                <th scope="col">{t("audit.details")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <AuditRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!badRange && list.hasNextPage && (
        <div className="audit-more">
          <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? t("common.loading") : t("audit.loadMore")}
          </button>
        </div>
      )}
    </>
  );
}

interface FiltersProps {
  search: AuditSearch;
  /** The action names the server says the log may hold. */
  actions: string[];
  badRange: boolean;
  onChange: (patch: Partial<AuditSearch>) => void;
}

function AuditFilters({ search, actions, badRange, onChange }: FiltersProps) {
  const { t, lang } = useI18n();
  const users = useQuery(usersQuery);
  const userOptions = useMemo(() => {
    const known = [...(users.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, lang)).map((u) => ({ id: u.id, name: u.name }));
    // A linked search by a user this list does not have still shows what it filters by.
    if (search.user !== undefined && !known.some((u) => u.id === search.user)) known.push({ id: search.user, name: t("audit.userId", { id: search.user }) });
    return known;
  }, [users.data, search.user, lang, t]);
  const actionOptions = useMemo(() => {
    const names = new Set(actions);
    if (search.action) names.add(search.action);
    return [...names].map((name) => ({ name, label: actionLabel(name, t) })).sort((a, b) => a.label.localeCompare(b.label, lang));
  }, [actions, search.action, lang, t]);

  return (
    <section className="audit-filters" aria-label={t("audit.filters")}>
      <Field label={t("audit.user")}>
        <select value={search.user ?? ""} onChange={(e) => onChange({ user: e.target.value ? Number(e.target.value) : undefined })}>
          <option value="">{t("audit.allUsers")}</option>
          {userOptions.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("audit.action")} className="audit-action-filter">
        <select value={search.action ?? ""} onChange={(e) => onChange({ action: e.target.value || undefined })}>
          <option value="">{t("audit.allActions")}</option>
          {actionOptions.map((a) => (
            <option key={a.name} value={a.name}>
              {a.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("audit.from")}>
        <input type="date" value={search.from ?? ""} max={search.until} onChange={(e) => onChange({ from: e.target.value || undefined })} />
      </Field>
      <Field label={t("audit.until")} error={badRange ? t("audit.badRange") : null}>
        <input type="date" value={search.until ?? ""} min={search.from} onChange={(e) => onChange({ until: e.target.value || undefined })} />
      </Field>
      {isFiltered(search) && (
        <button type="button" className="link-button audit-clear" onClick={() => onChange({ user: undefined, action: undefined, from: undefined, until: undefined })}>
          {t("audit.clear")}
        </button>
      )}
    </section>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const detailId = `audit-details-${entry.id}`;
  const details = detailsText(entry.details);
  const target = targetText(entry.target);
  const who = entry.user_name || entry.user_email;
  return (
    <>
      <tr data-testid="audit-entry" data-action={entry.action} className={open ? "audit-row-open" : undefined}>
        <th scope="row" className="audit-when">
          <time dateTime={new Date(entry.created_at).toISOString()}>{formatDateTime(entry.created_at)}</time>
        </th>
        <td className="audit-who">
          {who ? (
            <>
              <span className="audit-who-name">{entry.user_name || entry.user_email}</span>
              {entry.user_name && entry.user_email && <span className="muted audit-who-email">{entry.user_email}</span>}
            </>
          ) : (
            "—"
          )}
        </td>
        <td className="audit-action" title={entry.action}>
          {actionLabel(entry.action, t)}
        </td>
        <td className="audit-target">{target ?? "—"}</td>
        <td className="audit-ip">{entry.ip ?? "—"}</td>
        <td className="audit-details-cell">
          {details ? (
            <button type="button" className="link-button" aria-expanded={open} aria-controls={detailId} onClick={() => setOpen(!open)}>
              {t("audit.details")}
            </button>
          ) : (
            "—"
          )}
        </td>
      </tr>
      {details && open && (
        <tr className="audit-details-row" id={detailId} data-testid="audit-details">
          <td colSpan={COLUMNS}>
            <pre className="audit-details">{details}</pre>
          </td>
        </tr>
      )}
    </>
  );
}
