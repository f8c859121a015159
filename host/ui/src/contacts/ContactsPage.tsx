// "Contatos" (/admin/contacts, A6, S17): the account's contacts in a table (name, phone, e-mail,
// company, tags, "Recebe transmissões", "Bloqueado?"), filtered by search, tag, campaign,
// blocked, broadcasts and a custom field, with the total and "Carregar mais" (the server pages
// by cursor: an account may have 100,000 contacts). An admin adds one, edits one, deletes one
// after a "Sim" (not a blocked one: unblock it first), exports the filtered list as CSV and
// goes to "Importar contatos" or "Empresas". Opened from a company's "Ver contatos" (`?cnpj=`),
// it lists that company's contacts under a removable "Empresa: …" chip (S3). Each contact's data
// can be exported (a ZIP) or erased after a "Sim" that says what goes (LGPD); the server refuses
// a blocked contact's erasure, and the dialog shows its message.
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import type { Contact } from "../api/types";
import { useI18n } from "../i18n";
import { companiesQuery } from "../queries/companies";
import { contactsQuery, deleteContact, eraseContact } from "../queries/contacts";
import { AdminPage } from "../admin/AdminPage";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { useDebounced } from "../ui/useDebounced";
import { companyChipText } from "./company";
import { ContactFilters } from "./ContactFilters";
import { ContactForm } from "./ContactForm";
import { EMPTY_FILTER, exportUrl, filterQuery, formatCount, isFiltered, type ContactFilter } from "./contactFilter";
import { ContactRow } from "./ContactRow";
import "../styles/contacts.css";

const route = getRouteApi("/signed-in/admin/contacts");

export function ContactsPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.contacts")} className="admin-wide contacts-page">
      <Contacts />
    </AdminPage>
  );
}

function Contacts() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  // The company is the URL's (a reload or a shared link keeps it); the rest is the page's own.
  const cnpj = route.useSearch().cnpj ?? "";
  const navigate = route.useNavigate();
  const [others, setOthers] = useState<Omit<ContactFilter, "cnpj">>(EMPTY_FILTER);
  const filter = useMemo(() => ({ ...others, cnpj }), [others, cnpj]);
  const setFilter = ({ cnpj: next, ...rest }: ContactFilter) => {
    setOthers(rest);
    if (next !== cnpj) void navigate({ search: next ? { cnpj: next } : {}, replace: true });
  };
  // The chip names the company (the list of all of them is small and cached); its CNPJ until then.
  const companies = useQuery({ ...companiesQuery(""), enabled: cnpj !== "" });
  const companyChip = cnpj ? t("contacts.companyChip", { name: companyChipText(cnpj, companies.data) }) : null;
  // Typing pauses before the server is asked; a select's change waits as long (it is one change).
  const settled = useDebounced(filter, 300);
  const query = useMemo(() => filterQuery(settled), [settled]);
  const list = useInfiniteQuery(contactsQuery(query));
  const [editing, setEditing] = useState<Contact | "new" | null>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  const [erasing, setErasing] = useState<Contact | null>(null);

  const contacts = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;
  const waiting = list.isFetching && !list.isFetchingNextPage;

  return (
    <>
      <div className="admin-toolbar">
        <p className="muted">{t("contacts.intro")}</p>
        <div className="contacts-actions">
          <Link to="/admin/companies" className="btn">
            {t("admin.companies")}
          </Link>
          <Link to="/admin/contacts/import" className="btn">
            {t("contacts.import")}
          </Link>
          {/* A plain link: the browser downloads the file the server names, with the session cookie. */}
          <a className="btn" href={exportUrl(query)} download title={t("contacts.exportHint")}>
            {t("contacts.export")}
          </a>
          <button type="button" className="btn btn-primary" onClick={() => setEditing("new")}>
            {t("contacts.add")}
          </button>
        </div>
      </div>
      <ContactFilters filter={filter} onChange={setFilter} />
      {companyChip && (
        <div className="contacts-chips" data-testid="contacts-chips">
          <span className="chip">
            {companyChip}
            <button
              type="button"
              className="chip-remove"
              aria-label={t("filters.remove", { name: companyChip })}
              onClick={() => setFilter({ ...filter, cnpj: "" })}
            >
              ×
            </button>
          </span>
        </div>
      )}
      <p className="contacts-total" aria-live="polite" data-testid="contacts-total">
        {list.data && (total === 1 ? t("contacts.totalOne") : t("contacts.totalMany", { count: formatCount(total, lang) }))}
        {waiting && list.data && <span className="spinner" aria-hidden="true" />}
      </p>
      <QueryStates
        query={{ ...list, data: list.data ? contacts : undefined }}
        empty={isFiltered(query) ? t("contacts.noMatch") : t("contacts.empty")}
      />
      {contacts.length > 0 && (
        <div className="admin-table-wrap">
          <table className="admin-table contacts-table" aria-label={t("admin.contacts")} aria-busy={waiting}>
            <thead>
              <tr>
                <th scope="col">{t("contacts.name")}</th>
                <th scope="col">{t("contacts.phone")}</th>
                <th scope="col">{t("contacts.email")}</th>
                <th scope="col">{t("contacts.company")}</th>
                <th scope="col">{t("contacts.tags")}</th>
                <th scope="col">{t("contacts.broadcasts")}</th>
                <th scope="col">{t("contacts.blocked")}</th>
                <th scope="col">
                  <span className="sr-only">{t("contacts.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((c) => (
                <ContactRow
                  key={c.id}
                  contact={c}
                  onEdit={() => setEditing(c)}
                  onDelete={() => setDeleting(c)}
                  onErase={() => setErasing(c)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <div className="contacts-more">
          <span className="muted">{t("contacts.showing", { shown: formatCount(contacts.length, lang), total: formatCount(total, lang) })}</span>
          <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? t("common.loading") : t("contacts.loadMore")}
          </button>
        </div>
      )}
      {editing && <ContactForm contact={editing === "new" ? undefined : editing} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={t("contacts.delete")}
        question={t("contacts.deleteQuestion", { name: deleting?.name ?? "" })}
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteContact(queryClient, deleting!.id);
          showToast(t("contacts.deleted", { name: deleting!.name }));
        }}
      />
      {/* Mounted per contact: a refusal shown for one is not shown again for the next. */}
      {erasing && (
        <ConfirmDialog
          open
          title={t("contacts.eraseTitle")}
          question={t("contacts.eraseQuestion", { name: erasing.name })}
          danger
          onClose={() => setErasing(null)}
          onConfirm={async () => {
            await eraseContact(queryClient, erasing.id);
            showToast(t("contacts.erasedToast", { name: erasing.name }));
          }}
        />
      )}
    </>
  );
}
