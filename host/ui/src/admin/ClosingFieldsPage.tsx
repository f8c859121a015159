// "Campos no encerramento" (/admin/closing-fields, K5, A4): which custom fields the closing
// dialog asks for, in order, each "Obrigatório" or "Opcional". The admin adds, removes, moves and
// switches them here, then "Salvar" sends them all at once (PUT /api/v1/closing-fields); image
// fields are not offered (the server refuses them at close).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useId, useState } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { saveClosingFields } from "../queries/fields";
import { closingFieldsQuery, customFieldsQuery } from "../queries/reference";
import { EmptyState, ErrorState, LoadingState } from "../ui/States";
import { showToast } from "../ui/toast";
import { useAction } from "../ui/useAction";
import { AdminPage } from "./AdminPage";
import { KIND_LABEL } from "./CustomFieldForm";
import { add, addable, changed, choicesOf, closingBody, existing, move, remove, setRequired, type ClosingChoice } from "./closingChoice";

export function ClosingFieldsPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.closingFields")}>
      <ClosingFields />
    </AdminPage>
  );
}

function ClosingFields() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const fields = useQuery(customFieldsQuery);
  const closing = useQuery(closingFieldsQuery);
  // The page's own choices once the admin changes something; null follows the server's.
  const [edited, setEdited] = useState<ClosingChoice[] | null>(null);
  const [adding, setAdding] = useState("");
  const save = useAction();
  const addId = useId();

  if (fields.isPending || closing.isPending) return <LoadingState />;
  if (fields.isError || closing.isError) {
    const error = fields.error ?? closing.error;
    return (
      <ErrorState
        message={errorMessage(error)}
        onRetry={() => {
          void fields.refetch();
          void closing.refetch();
        }}
      />
    );
  }

  const choices = existing(edited ?? choicesOf(closing.data), fields.data);
  const offered = addable(fields.data, choices);
  const dirty = changed(choices, closing.data);
  const hasImages = fields.data.some((f) => f.kind === "image");

  if (fields.data.length === 0) {
    return (
      <EmptyState title={t("closingFields.noFields")}>
        <Link to="/admin/custom-fields" className="btn btn-primary">
          {t("admin.customFields")}
        </Link>
      </EmptyState>
    );
  }

  return (
    <form
      className="admin-closing"
      data-testid="closing-fields"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run(async () => {
          await saveClosingFields(queryClient, closingBody(choices));
          setEdited(null);
          showToast(t("closingFields.saved"));
        });
      }}
    >
      <p className="muted">{t("closingFields.intro")}</p>
      {choices.length === 0 && <p data-testid="closing-none">{t("closingFields.none")}</p>}
      <ol className="admin-closing-list" aria-label={t("admin.closingFields")}>
        {choices.map((c, i) => (
          <li key={c.field.id} className="card-item admin-closing-item" data-testid="closing-choice" data-key={c.field.key}>
            <fieldset className="admin-closing-required">
              <legend>
                <span className="admin-item-name admin-tag-name">{c.field.label}</span>{" "}
                <span className="muted">({t(KIND_LABEL[c.field.kind])})</span>
              </legend>
              <div className="admin-closing-radios">
                <label className="check-field">
                  <input
                    type="radio"
                    name={`required-${c.field.id}`}
                    checked={c.required}
                    onChange={() => setEdited(setRequired(choices, c.field.id, true))}
                  />
                  <span>{t("closingFields.required")}</span>
                </label>
                <label className="check-field">
                  <input
                    type="radio"
                    name={`required-${c.field.id}`}
                    checked={!c.required}
                    onChange={() => setEdited(setRequired(choices, c.field.id, false))}
                  />
                  <span>{t("closingFields.optional")}</span>
                </label>
              </div>
            </fieldset>
            <div className="card-item-actions">
              <button
                type="button"
                className="link-button"
                disabled={i === 0}
                onClick={() => setEdited(move(choices, i, -1))}
                aria-label={t("closingFields.upOf", { name: c.field.label })}
              >
                ↑ {t("closingFields.up")}
              </button>
              <button
                type="button"
                className="link-button"
                disabled={i === choices.length - 1}
                onClick={() => setEdited(move(choices, i, 1))}
                aria-label={t("closingFields.downOf", { name: c.field.label })}
              >
                ↓ {t("closingFields.down")}
              </button>
              <button
                type="button"
                className="link-button danger"
                onClick={() => setEdited(remove(choices, c.field.id))}
                aria-label={t("closingFields.removeOf", { name: c.field.label })}
              >
                {t("closingFields.remove")}
              </button>
            </div>
          </li>
        ))}
      </ol>
      {offered.length > 0 && (
        <div className="admin-closing-add">
          <div className="field">
            <label htmlFor={addId}>{t("closingFields.addField")}</label>
            <select id={addId} value={adding} onChange={(e) => setAdding(e.target.value)}>
              <option value="">{t("closingFields.choose")}</option>
              {offered.map((f) => (
                <option key={f.id} value={String(f.id)}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="btn btn-ghost"
            disabled={!adding}
            onClick={() => {
              const field = offered.find((f) => String(f.id) === adding);
              if (field) setEdited(add(choices, field));
              setAdding("");
            }}
          >
            {t("closingFields.add")}
          </button>
        </div>
      )}
      {hasImages && <p className="field-hint">{t("closingFields.noImages")}</p>}
      {save.error && (
        <p className="error-text" role="alert">
          {save.error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.busy || !dirty}>
          {t("common.save")}
        </button>
        {dirty && (
          <button type="button" className="btn btn-ghost" onClick={() => setEdited(null)} disabled={save.busy}>
            {t("closingFields.discard")}
          </button>
        )}
      </div>
    </form>
  );
}
