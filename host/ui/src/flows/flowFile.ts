// A flow file (.json) chosen or dropped by the admin, read into the document the server takes,
// and the name an exported flow is saved under.

export type FlowFileResult = { ok: true; document: Record<string, unknown>; name: string | null } | { ok: false; reason: "empty" | "notJson" | "notObject" | "tooLarge" };

/** The largest file read (the server's body limit is larger; a flow is far smaller). */
export const MAX_FLOW_FILE_BYTES = 5 * 1024 * 1024;

/** Parses a file's text: a JSON object (the flow document), with its "name" when it has one. */
export function parseFlowFile(text: string): FlowFileResult {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (!trimmed) return { ok: false, reason: "empty" };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { ok: false, reason: "notJson" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, reason: "notObject" };
  const document = value as Record<string, unknown>;
  const name = typeof document.name === "string" && document.name.trim() ? document.name.trim() : null;
  return { ok: true, document, name };
}

/** Reads a chosen or dropped file (anything with size and text(), as File is). */
export async function readFlowFile(file: { size: number; text: () => Promise<string> }): Promise<FlowFileResult> {
  if (file.size > MAX_FLOW_FILE_BYTES) return { ok: false, reason: "tooLarge" };
  return parseFlowFile(await file.text());
}

/** "Atendimento inicial", revision 3 → "atendimento-inicial-r3.json"; the draft → "…-rascunho.json". */
export function exportFileName(name: string, revision: number | null): string {
  const slug =
    name
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "fluxo";
  return `${slug}-${revision === null ? "rascunho" : `r${revision}`}.json`;
}

/** Saves `document` as a file named `fileName` (the browser's download). */
export function downloadJson(document: unknown, fileName: string): void {
  const blob = new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = window.document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  window.document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
