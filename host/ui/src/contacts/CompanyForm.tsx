// "Nova empresa" on "Empresas" (A6, S3): the CNPJ, typed with or without its dots (no mask: a
// CNPJ pasted from an invoice keeps working), and the name. The server checks the CNPJ's digits
// and that it is new to the account; its refusal lands under the field it is about.
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useI18n } from "../i18n";
import { createCompany } from "../queries/companies";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { useServerForm } from "../ui/useServerForm";
import { companyFieldOfMessage } from "./company";

type CompanyField = "cnpj" | "name";

export function CompanyForm() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Record<CompanyField, string>>({ cnpj: "", name: "" });
  const { busy, errors, formError, controls, clearError, submit: run } = useServerForm(companyFieldOfMessage);

  function change(field: CompanyField, value: string) {
    setDraft((d) => ({ ...d, [field]: value }));
    clearError(field);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const created = await createCompany(queryClient, { cnpj: draft.cnpj.trim(), name: draft.name.trim() });
      setDraft({ cnpj: "", name: "" });
      showToast(t("companies.created", { name: created.name }));
    });
  }

  const input = (field: CompanyField, extra: { maxLength: number }) => (
    <input
      ref={(el) => {
        controls.current[field] = el;
      }}
      value={draft[field]}
      onChange={(e) => change(field, e.target.value)}
      required
      autoComplete="off"
      {...extra}
    />
  );

  return (
    <form className="companies-form" onSubmit={submit} aria-label={t("companies.new")} data-testid="company-create" noValidate>
      <h2 className="companies-form-title">{t("companies.new")}</h2>
      <div className="companies-form-fields">
        {/* 18 is "11.222.333/0001-81" with its punctuation; the server takes the digits. */}
        <Field label={t("companies.cnpj")} hint={t("companies.cnpjHint")} error={errors.cnpj}>
          {input("cnpj", { maxLength: 18 })}
        </Field>
        <Field label={t("companies.name")} error={errors.name}>
          {input("name", { maxLength: 120 })}
        </Field>
      </div>
      {formError && (
        <p className="error-text" role="alert">
          {formError}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !draft.cnpj.trim() || !draft.name.trim()}>
          {t("companies.add")}
        </button>
      </div>
    </form>
  );
}
