// A CSV import's column mapping (A6): which contact field each column of the file fills (or none),
// starting from the server's suggestion, what is still missing before "Importar" makes sense,
// and how far a running import is. Pure.
import type { ContactImport, ImportField } from "../api/types";

/** A field key per column of the file, null = "Não importar". */
export type Mapping = (string | null)[];

/** The server's suggestion, one entry per header (missing or unknown keys become "Não importar"). */
export function initialMapping(headers: string[], suggested: Mapping | null | undefined, fields: ImportField[]): Mapping {
  const known = new Set(fields.map((f) => f.key));
  return headers.map((_, i) => {
    const key = suggested?.[i] ?? null;
    return key !== null && (fields.length === 0 || known.has(key)) ? key : null;
  });
}

/** The required fields (the phone) no column fills yet. */
export function missingRequired(mapping: Mapping, fields: ImportField[]): ImportField[] {
  const chosen = new Set(mapping.filter((k): k is string => k !== null));
  return fields.filter((f) => f.required && !chosen.has(f.key));
}

/** The fields chosen for more than one column (each field takes one column). */
export function repeatedFields(mapping: Mapping, fields: ImportField[]): ImportField[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const key of mapping) {
    if (key === null) continue;
    if (seen.has(key)) twice.add(key);
    seen.add(key);
  }
  return fields.filter((f) => twice.has(f.key));
}

/** Chooses `key` for column `index`, leaving the other columns as they are. */
export function withColumn(mapping: Mapping, index: number, key: string | null): Mapping {
  return mapping.map((k, i) => (i === index ? key : k));
}

/** The progress bar's value and maximum, and the whole percent done (a finished import is 100). */
export function progressOf(view: Pick<ContactImport, "state" | "processed_rows" | "total_rows">): {
  value: number;
  max: number;
  percent: number;
} {
  const max = Math.max(view.total_rows, 1);
  if (view.state === "done") return { value: max, max, percent: 100 };
  const value = Math.min(view.processed_rows, max);
  return { value, max, percent: view.total_rows > 0 ? Math.floor((value * 100) / view.total_rows) : 0 };
}

/** Whether the import is still moving (the page asks for it again every second). */
export function isRunning(view: Pick<ContactImport, "state"> | undefined): boolean {
  return view?.state === "running";
}
