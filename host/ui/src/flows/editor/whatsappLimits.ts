// WhatsApp's limits on a content node's question, shown while the admin types (issue 16 part 3).
// A mirror for the form only: the server's rules are the authority — the limits every way of
// sending applies (`Content::check` in host/src/domain/content.rs: MAX_BUTTONS,
// MAX_BUTTON_TITLE_CHARS, MAX_LIST_ROWS, MAX_ROW_TITLE_CHARS, MAX_BODY_CHARS) and the content
// step's own checks and its choice between buttons and a list (plugins/content/src/config.rs:
// `check_choice`, `menu`). The wording follows theirs; validation still runs on every edit and
// names anything this module misses.

/** Reply buttons per message (content.rs MAX_BUTTONS). */
export const MAX_BUTTONS = 3;
/** Longest reply-button title (content.rs MAX_BUTTON_TITLE_CHARS). */
export const MAX_BUTTON_TITLE_CHARS = 20;
/** Rows of a list (content.rs MAX_LIST_ROWS; the content step's MAX_OPTIONS). */
export const MAX_LIST_ROWS = 10;
/** Longest list-row title (content.rs MAX_ROW_TITLE_CHARS). */
export const MAX_ROW_TITLE_CHARS = 24;
/** Longest text carrying buttons or a list (content.rs MAX_BODY_CHARS; the step's MAX_QUESTION). */
export const MAX_BODY_CHARS = 1024;
/** Longest option id: an option's id is an output port (config.rs MAX_PORT). */
export const MAX_OPTION_ID_CHARS = 64;
/** Ports the content node keeps for itself (config.rs NEXT, NO_MATCH, TIMEOUT, TEXT). */
export const RESERVED_PORTS: readonly string[] = ["next", "no_match", "timeout", "text"];

export interface ChoiceOption {
  id: string;
  title: string;
}

/** Characters as the server counts them (Rust's `chars().count()`: code points). */
export function charCount(text: string): number {
  return [...text].length;
}

/**
 * How the options reach the contact (config.rs `menu`): reply buttons when there are at most 3
 * and every title fits in 20 characters, a list otherwise.
 */
export function deliveryOf(options: readonly ChoiceOption[]): "buttons" | "list" {
  const fits = options.length <= MAX_BUTTONS && options.every((o) => charCount(o.title) <= MAX_BUTTON_TITLE_CHARS);
  return fits ? "buttons" : "list";
}

/** A finding about the options: an error the server refuses, or a note (the message turns into a list). */
export interface LimitNote {
  severity: "error" | "note";
  /** The message, in the server's Portuguese wording where it has one. */
  message: string;
}

/** What the limits say about one option's title (`index` from 0). */
export function titleNotes(options: readonly ChoiceOption[], index: number): LimitNote[] {
  const option = options[index];
  const number = index + 1;
  const length = charCount(option.title);
  if (!option.title.trim()) return [{ severity: "error", message: `A opção ${number} precisa de id e de título.` }];
  if (length > MAX_ROW_TITLE_CHARS) {
    return [{ severity: "error", message: `O título da opção ${number} passa de ${MAX_ROW_TITLE_CHARS} caracteres.` }];
  }
  if (length > MAX_BUTTON_TITLE_CHARS) {
    return [
      {
        severity: "note",
        message: `Passa de ${MAX_BUTTON_TITLE_CHARS} caracteres: não cabe num botão, as opções irão como lista (até ${MAX_ROW_TITLE_CHARS}).`,
      },
    ];
  }
  return [];
}

/** What the limits say about one option's id (`index` from 0). */
export function idNotes(options: readonly ChoiceOption[], index: number): LimitNote[] {
  const option = options[index];
  const number = index + 1;
  if (!option.id.trim()) return [{ severity: "error", message: `A opção ${number} precisa de id e de título.` }];
  if (charCount(option.id) > MAX_OPTION_ID_CHARS) {
    return [{ severity: "error", message: `O id da opção ${number} passa de ${MAX_OPTION_ID_CHARS} caracteres.` }];
  }
  if (RESERVED_PORTS.includes(option.id)) {
    return [{ severity: "error", message: `A opção ${number} não pode ter o id "${option.id}", reservado ao próprio nó.` }];
  }
  if (options.slice(0, index).some((o) => o.id === option.id)) {
    return [{ severity: "error", message: `O id "${option.id}" aparece em mais de uma opção.` }];
  }
  return [];
}

/** What the limits say about the list of options as a whole. */
export function optionsNotes(options: readonly ChoiceOption[]): LimitNote[] {
  if (options.length === 0 || options.length > MAX_LIST_ROWS) {
    return [{ severity: "error", message: `A escolha deve ter de 1 a ${MAX_LIST_ROWS} opções; tem ${options.length}.` }];
  }
  if (options.length > MAX_BUTTONS) {
    return [{ severity: "note", message: `Mais de ${MAX_BUTTONS} opções não cabem em botões: irão como lista (até ${MAX_LIST_ROWS}).` }];
  }
  return [];
}

/** Whether another option may be added (a list holds at most 10). */
export function canAddOption(options: readonly ChoiceOption[]): boolean {
  return options.length < MAX_LIST_ROWS;
}

/**
 * An id for an option titled `title`: the title as a port name (lower case, accents dropped, `_`
 * between words), made unique among `taken` and clear of the reserved ports.
 */
export function optionId(title: string, taken: readonly string[]): string {
  const stem =
    title
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, MAX_OPTION_ID_CHARS - 4) || "opcao";
  const free = (id: string) => !taken.includes(id) && !RESERVED_PORTS.includes(id);
  if (free(stem)) return stem;
  for (let n = 2; ; n++) if (free(`${stem}_${n}`)) return `${stem}_${n}`;
}
