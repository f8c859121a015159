// "Verificar código de suporte" (A2): the code as the reseller typed it, written as the account's
// user reads it (spaces out, capitals: the server compares it the same way), and what the answer
// says: which of the reseller's accounts it belongs to, or that none of theirs has it now. Pure.
import type { MessageKey } from "../i18n";

/** "gd2 dxp " → "GD2DXP". */
export function normaliseCode(typed: string): string {
  return typed.replace(/\s+/g, "").toUpperCase();
}

/** The sentence for the server's answer: the message's key and its values. */
export function verdictOf(code: string, accounts: { name: string }[]): { key: MessageKey; params: Record<string, string> } {
  if (accounts.length === 0) return { key: "reseller.verify.none", params: { code } };
  if (accounts.length === 1) return { key: "reseller.verify.one", params: { code, name: accounts[0].name } };
  // Two accounts with the same code at once is unlikely but possible: name them all.
  return { key: "reseller.verify.many", params: { code, names: accounts.map((a) => a.name).join(", ") } };
}
