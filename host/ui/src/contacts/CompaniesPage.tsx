// "Empresas" (/admin/companies, A6, S3): the account's companies by CNPJ, by name, each with how
// many contacts have its CNPJ. An admin searches them (name or CNPJ), adds one ("Nova empresa"),
// renames one in place (the name is every one of its contacts' "Empresa") and opens its contacts
// on "Contatos" ("Ver contatos": the list filtered by the CNPJ).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import type { Company } from "../api/types";
import { useI18n } from "../i18n";
import { companiesQuery, renameCompany } from "../queries/companies";
import { AdminPage } from "../admin/AdminPage";
import { NameForm } from "../admin/NameForm";
import { formatCnpj } from "../settings/display";
import { Field } from "../ui/Field";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { useDebounced } from "../ui/useDebounced";
import { CompanyForm } from "./CompanyForm";
import { formatCount } from "./contactFilter";
import "../styles/contacts.css";

export function CompaniesPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.companies")} className="admin-wide contacts-page">
      <Companies />
    </AdminPage>
  );
}

function Companies() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  // Typing pauses before the server is asked.
  const settled = useDebounced(search.trim(), 300);
  const list = useQuery(companiesQuery(settled));
  const [renaming, setRenaming] = useState<Company | null>(null);

  return (
    <>
      <div className="admin-toolbar">
        <p className="muted">{t("companies.intro")}</p>
        <div className="contacts-actions">
          <Link to="/admin/contacts" className="btn">
            {t("admin.contacts")}
          </Link>
        </div>
      </div>
      <CompanyForm />
      <Field label={t("companies.search")} className="companies-search">
        <input
          type="search"
          value={search}
          placeholder={t("companies.searchPlaceholder")}
          onChange={(e) => setSearch(e.target.value)}
          autoComplete="off"
        />
      </Field>
      <QueryStates query={list} empty={settled ? t("companies.noMatch") : t("companies.empty")} />
      {list.data && list.data.length > 0 && (
        <div className="admin-table-wrap">
          <table className="admin-table companies-table" aria-label={t("admin.companies")} aria-busy={list.isFetching}>
            <thead>
              <tr>
                <th scope="col">{t("companies.name")}</th>
                <th scope="col">{t("companies.cnpj")}</th>
                <th scope="col" className="companies-count">
                  {t("companies.contacts")}
                </th>
                <th scope="col">
                  <span className="sr-only">{t("companies.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((company) =>
                renaming?.id === company.id ? (
                  <tr key={company.id} data-testid="company-row">
                    {/* The row becomes the rename form, like a tag's "Editar". */}
                    <td colSpan={4}>
                      <NameForm
                        label={t("companies.name")}
                        initial={company.name}
                        submitLabel={t("common.save")}
                        maxLength={120}
                        onCancel={() => setRenaming(null)}
                        onSubmit={async (name) => {
                          if (name !== company.name) await renameCompany(queryClient, company.id, name);
                          setRenaming(null);
                          showToast(t("companies.saved"));
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={company.id} data-testid="company-row">
                    <th scope="row" className="contacts-name">
                      {company.name}
                    </th>
                    <td className="contacts-phone" data-col="cnpj">
                      {formatCnpj(company.cnpj)}
                    </td>
                    <td className="companies-count" data-col="contacts">
                      {formatCount(company.contacts, lang)}
                    </td>
                    <td>
                      <div className="card-item-actions">
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => setRenaming(company)}
                          aria-label={t("companies.renameOf", { name: company.name })}
                        >
                          {t("companies.rename")}
                        </button>
                        <Link
                          to="/admin/contacts"
                          search={{ cnpj: company.cnpj }}
                          className="link-button"
                          aria-label={t("companies.viewContactsOf", { name: company.name })}
                        >
                          {t("companies.viewContacts")}
                        </Link>
                      </div>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
