// C8: variables in the composer. Typing `{` (or `<`, the same variable) opens suggestions of
// the contact's fields — the system fields by their Portuguese keys, then the account's custom
// fields — narrowed by what follows; picking one writes `{chave}`. The server's variables
// plugin expands them when the message is sent (names ignore case; an unknown one stays as
// typed), so nothing here changes what is sent.

export interface VariableField {
  key: string;
  label: string;
}

/** The system fields the variables plugin knows (plugins/variables, lookup.rs), with their labels. */
export const SYSTEM_VARIABLES: readonly VariableField[] = [
  { key: "nome", label: "Nome" },
  { key: "telefone", label: "Telefone" },
  { key: "email", label: "E-mail" },
  { key: "data_nascimento", label: "Data de nascimento" },
  { key: "cpf", label: "CPF" },
  { key: "rg", label: "RG" },
  { key: "codigo_cliente", label: "Código do cliente" },
  { key: "cnpj", label: "CNPJ" },
  { key: "empresa", label: "Empresa" },
];

export interface Token {
  /** Where the `{` or `<` is. */
  start: number;
  open: "{" | "<";
  /** What follows it up to the caret. */
  query: string;
}

const NAME = /^[A-Za-z0-9_]{0,64}$/;

/** The variable being typed just before `caret`, if any. */
export function variableAt(text: string, caret: number): Token | null {
  for (let i = caret - 1; i >= 0 && caret - i <= 65; i--) {
    const ch = text[i];
    if (ch === "{" || ch === "<") {
      const query = text.slice(i + 1, caret);
      // `{{1}}` is a template's parameter, never a variable.
      if (ch === "{" && text[i - 1] === "{") return null;
      return NAME.test(query) ? { start: i, open: ch, query } : null;
    }
    if (!/[A-Za-z0-9_]/.test(ch)) return null;
  }
  return null;
}

/** The fields matching `query`: keys starting with it first, then (from two letters on) keys and labels containing it. */
export function suggestions(query: string, fields: readonly VariableField[], max = 8): VariableField[] {
  const q = query.toLowerCase();
  const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const seen = new Set<string>();
  const byKey: VariableField[] = [];
  const byLabel: VariableField[] = [];
  for (const f of fields) {
    const key = f.key.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (key.startsWith(q)) byKey.push(f);
    else if (q.length >= 2 && (key.includes(q) || fold(f.label).includes(fold(q)))) byLabel.push(f);
  }
  return [...byKey, ...byLabel].slice(0, max);
}

/** `text` with the token replaced by the chosen variable, and where the caret goes after it. */
export function insertVariable(text: string, token: Token, caret: number, key: string): { text: string; caret: number } {
  const close = token.open === "{" ? "}" : ">";
  // A closer already typed right after the caret is reused, not doubled.
  const end = text[caret] === close ? caret + 1 : caret;
  const written = `${token.open}${key}${close}`;
  return { text: text.slice(0, token.start) + written + text.slice(end), caret: token.start + written.length };
}
