// Step 2 of "Importar contatos" (A6): for each column of the file, the contact field it fills
// ("Não importar" or one of the importable fields, the required ones marked), starting from the
// server's suggestion; the file's first rows to check against; what to do with a phone that is
// already a contact's ("Mesclar" or "Pular a linha"); and "Importar".
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useI18n } from "../i18n";
import type { ContactImport, Duplicates, ImportField } from "../api/types";
import { importFieldsQuery, startContactImport } from "../queries/contacts";
import { QueryStates } from "../ui/States";
import { useAction } from "../ui/useAction";
import { initialMapping, missingRequired, repeatedFields, withColumn, type Mapping } from "./importMapping";

export function ImportMapping({ view }: { view: ContactImport }) {
  const fields = useQuery(importFieldsQuery);
  if (!fields.data) return <QueryStates query={fields} />;
  return <MappingForm view={view} fields={fields.data} />;
}

function MappingForm({ view, fields }: { view: ContactImport; fields: ImportField[] }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const radioName = useId();
  const [mapping, setMapping] = useState<Mapping>(() => initialMapping(view.headers, view.suggested_mapping, fields));
  const [duplicates, setDuplicates] = useState<Duplicates>("merge");
  const { busy, error, run } = useAction();
  const missing = missingRequired(mapping, fields);
  const repeated = repeatedFields(mapping, fields);
  const names = (list: ImportField[]) => list.map((f) => f.label).join(", ");

  return (
    <section className="import-step" aria-labelledby={`${radioName}-title`}>
      <h2 id={`${radioName}-title`}>{t("contactImport.step2")}</h2>
      <p className="muted">{t("contactImport.mappingIntro", { name: view.file_name })}</p>
      <div className="admin-table-wrap">
        <table className="admin-table import-mapping" aria-label={t("contactImport.columns")}>
          <thead>
            <tr>
              <th scope="col">{t("contactImport.column")}</th>
              <th scope="col">{t("contactImport.field")}</th>
              <th scope="col">{t("contactImport.example")}</th>
            </tr>
          </thead>
          <tbody>
            {view.headers.map((header, i) => (
              <tr key={i} data-testid="import-column" data-column={header}>
                <th scope="row">{header || t("contactImport.unnamed", { n: i + 1 })}</th>
                <td>
                  <select
                    className="import-field-select"
                    value={mapping[i] ?? ""}
                    aria-label={t("contactImport.fieldOf", { column: header || String(i + 1) })}
                    onChange={(e) => setMapping(withColumn(mapping, i, e.target.value || null))}
                  >
                    <option value="">{t("contactImport.skipColumn")}</option>
                    {fields.map((f) => (
                      <option key={f.key} value={f.key}>
                        {f.required ? t("contactImport.required", { label: f.label }) : f.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="muted admin-item-name">{view.preview.find((r) => r[i])?.[i] ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {view.preview.length > 0 && (
        <>
          <h3>{t("contactImport.preview")}</h3>
          <div className="admin-table-wrap import-preview-wrap">
            <table className="admin-table import-preview" aria-label={t("contactImport.preview")}>
              <thead>
                <tr>
                  {view.headers.map((h, i) => (
                    <th key={i} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.preview.map((row, r) => (
                  <tr key={r}>
                    {view.headers.map((_, i) => (
                      <td key={i}>{row[i] ?? ""}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <fieldset className="radio-group import-duplicates">
        <legend>{t("contactImport.duplicates")}</legend>
        {(["merge", "skip"] as const).map((d) => (
          <label key={d}>
            <input type="radio" name={radioName} checked={duplicates === d} onChange={() => setDuplicates(d)} />
            {t(d === "merge" ? "contactImport.merge" : "contactImport.skip")}
          </label>
        ))}
      </fieldset>

      {missing.length > 0 && <p className="field-hint">{t("contactImport.missing", { fields: names(missing) })}</p>}
      {repeated.length > 0 && <p className="field-hint">{t("contactImport.repeated", { fields: names(repeated) })}</p>}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || missing.length > 0 || repeated.length > 0}
          onClick={() => void run(async () => void (await startContactImport(queryClient, view.id, mapping, duplicates)))}
        >
          {t("contactImport.start")}
        </button>
      </div>
    </section>
  );
}
