// Step 1 of "Importar contatos" (A6): the CSV file, sent as it is; the server reads its header
// line and first rows (comma or semicolon, as Brazilian Excel writes it) and refuses what it
// cannot read, with its message here.
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useI18n } from "../i18n";
import type { ContactImport } from "../api/types";
import { uploadContactImport } from "../queries/contacts";
import { Field } from "../ui/Field";
import { useAction } from "../ui/useAction";

export function ImportUpload({ onUploaded }: { onUploaded: (view: ContactImport) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const { busy, error, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    await run(async () => onUploaded(await uploadContactImport(queryClient, file)));
  }

  return (
    <form className="import-upload" onSubmit={submit} aria-label={t("contactImport.step1")}>
      <h2>{t("contactImport.step1")}</h2>
      <p className="muted">{t("contactImport.intro")}</p>
      <Field label={t("contactImport.file")} error={error}>
        <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !file}>
          {busy ? t("contactImport.uploading") : t("contactImport.upload")}
        </button>
      </div>
    </form>
  );
}
