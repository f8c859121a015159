// The "Contatos" list's filter (A6, S17): what the admin chose above the table (and the company
// "Empresas" opened it on: S3), the query parameters of GET /contacts it becomes (the same ones
// the CSV export takes), the export's URL, and the count under the title. Pure.
import type { ContactQuery } from "../api/types";

/** "Todos" / "Sim" / "Não" of the yes-or-no filters. */
export type YesNo = "all" | "yes" | "no";

export interface ContactFilter {
  /** Part of the name or phone. */
  search: string;
  tagId: number | null;
  campaign: string;
  blocked: YesNo;
  receivesBroadcasts: YesNo;
  /** A custom field's key, with the value it must have. */
  field: string;
  fieldValue: string;
  /** A company's CNPJ (digits), from "Ver contatos" on "Empresas"; "" for every company. */
  cnpj: string;
}

export const EMPTY_FILTER: ContactFilter = {
  search: "",
  tagId: null,
  campaign: "",
  blocked: "all",
  receivesBroadcasts: "all",
  field: "",
  fieldValue: "",
  cnpj: "",
};

/** The query parameters of the list and the export (no cursor, no limit). */
export type ContactFilterQuery = Omit<ContactQuery, "cursor" | "limit">;

const yesNo = (v: YesNo): boolean | undefined => (v === "all" ? undefined : v === "yes");

/** The filter as the server takes it: what is empty or "Todos" is left out. */
export function filterQuery(f: ContactFilter): ContactFilterQuery {
  const q: ContactFilterQuery = {};
  const search = f.search.trim();
  if (search) q.search = search;
  const blocked = yesNo(f.blocked);
  if (blocked !== undefined) q.blocked = blocked;
  if (f.tagId !== null) q.tag_id = f.tagId;
  if (f.cnpj) q.cnpj = f.cnpj;
  const campaign = f.campaign.trim();
  if (campaign) q.campaign = campaign;
  const broadcasts = yesNo(f.receivesBroadcasts);
  if (broadcasts !== undefined) q.receives_broadcasts = broadcasts;
  // A field without a value filters nothing yet: the admin is still typing it.
  const value = f.fieldValue.trim();
  if (f.field && value) {
    q.field = f.field;
    q.field_value = value;
  }
  return q;
}

/** The same filter as a query string, for the export's link ("" when nothing is filtered). */
export function filterSearchParams(q: ContactFilterQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(q)) {
    if (value !== undefined) params.set(name, String(value));
  }
  return params.toString();
}

/** "Exportar CSV": the file of every contact the filter keeps (the session cookie authenticates it). */
export function exportUrl(q: ContactFilterQuery): string {
  const qs = filterSearchParams(q);
  return qs ? `/api/v1/contacts/export.csv?${qs}` : "/api/v1/contacts/export.csv";
}

/** Whether anything is filtered (the empty list then says "no contact matches" rather than "none yet"). */
export function isFiltered(q: ContactFilterQuery): boolean {
  return Object.keys(q).length > 0;
}

/** "1.234" in Portuguese, "1,234" in English. */
export function formatCount(n: number, lang: string): string {
  return n.toLocaleString(lang);
}
