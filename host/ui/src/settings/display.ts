// How the settings panel writes stored values: dates `aaaa-mm-dd` as `dd/mm/aaaa`, a CNPJ and
// a CPF with their dots, a custom field's stored JSON as text.

export function brDate(stored: string | null | undefined): string {
  const m = stored?.match(/^(\d{4})-(\d{2})-(\d{2})/);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (stored ?? "");
}

export function formatCnpj(stored: string): string {
  const v = stored.replace(/[^0-9A-Za-z]/g, "").toUpperCase();
  return v.length === 14 ? `${v.slice(0, 2)}.${v.slice(2, 5)}.${v.slice(5, 8)}/${v.slice(8, 12)}-${v.slice(12)}` : stored;
}

export function formatCpf(stored: string): string {
  const v = stored.replace(/\D/g, "");
  return v.length === 11 ? `${v.slice(0, 3)}.${v.slice(3, 6)}.${v.slice(6, 9)}-${v.slice(9)}` : stored;
}

/** A custom field's value as text: `true` is "Sim", dates are Brazilian, null is nothing. */
export function fieldText(value: unknown, yes: string, no: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? yes : no;
  if (typeof value === "number") return value.toLocaleString("pt-BR");
  if (typeof value === "string") return /^\d{4}-\d{2}-\d{2}$/.test(value) ? brDate(value) : value;
  if (typeof value === "object" && value && "media_id" in value) return "🖼";
  return JSON.stringify(value);
}
