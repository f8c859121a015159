// Step 3 of "Importar contatos" (A6): while the server works through the rows, a progress bar
// and the counters (criados, mesclados, pulados, rejeitados); when it is done, the summary and,
// for rejected rows, the report of each with its reason; when it failed, why.
import { useI18n, type MessageKey } from "../i18n";
import type { ContactImport } from "../api/types";
import { rejectionsUrl } from "../queries/contacts";
import { ProgressCounts } from "../ui/ProgressCounts";
import { progressOf } from "./importMapping";

const COUNTERS: { key: "created" | "merged" | "skipped" | "rejected"; label: MessageKey }[] = [
  { key: "created", label: "contactImport.created" },
  { key: "merged", label: "contactImport.merged" },
  { key: "skipped", label: "contactImport.skipped" },
  { key: "rejected", label: "contactImport.rejected" },
];

export function ImportProgress({ view }: { view: ContactImport }) {
  const { t, lang } = useI18n();
  const n = (v: number) => v.toLocaleString(lang);
  const progress = progressOf(view);
  return (
    <section className="import-step" aria-label={t("contactImport.step3")} data-testid="import-progress" data-state={view.state}>
      <h2>{t("contactImport.step3")}</h2>
      <p className="import-file muted">{view.file_name}</p>
      {view.state === "running" && (
        <p role="status" className="import-status">
          <span className="spinner" aria-hidden="true" /> {t("contactImport.running")}
        </p>
      )}
      {view.state === "done" && (
        <p role="status" className="import-status import-done">
          {t("contactImport.done")}
        </p>
      )}
      {view.state === "failed" && (
        <p role="alert" className="error-text">
          {t("contactImport.failed")} {view.error}
        </p>
      )}
      <ProgressCounts
        label={t("contactImport.progress")}
        max={progress.max}
        value={progress.value}
        caption={`${t("contactImport.processed", { processed: n(view.processed_rows), total: n(view.total_rows) })} · ${progress.percent}%`}
        counts={COUNTERS.map(({ key, label }) => ({ key, label: t(label), value: view[key], alert: key === "rejected" }))}
        format={n}
        testIdPrefix="import"
      />
      {view.rejected > 0 && view.state !== "running" && (
        // A plain link: the browser downloads the report the server names, with the session cookie.
        <a className="btn" href={rejectionsUrl(view.id)} download>
          {t("contactImport.report")}
        </a>
      )}
    </section>
  );
}
