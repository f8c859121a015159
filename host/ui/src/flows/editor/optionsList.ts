// A content node's options edited as a list (issue 16 part 3): add, remove, move, retitle. Each
// option's id is an output port of the node; a new option's id follows its title until the
// admin writes an id of their own.
import { optionId, type ChoiceOption } from "./whatsappLimits";

const idsBut = (options: readonly ChoiceOption[], index: number) => options.filter((_, i) => i !== index).map((o) => o.id);

/** The options with a new, empty one at the end (its id a placeholder until it has a title). */
export function addOption(options: readonly ChoiceOption[]): ChoiceOption[] {
  return [...options, { id: optionId("", options.map((o) => o.id)), title: "" }];
}

export function removeOption(options: readonly ChoiceOption[], index: number): ChoiceOption[] {
  return options.filter((_, i) => i !== index);
}

/** The options with the one at `index` moved by `by` places (kept within the list). */
export function moveOption(options: readonly ChoiceOption[], index: number, by: number): ChoiceOption[] {
  const to = Math.max(0, Math.min(options.length - 1, index + by));
  if (to === index) return [...options];
  const next = [...options];
  const [moved] = next.splice(index, 1);
  next.splice(to, 0, moved);
  return next;
}

/** The option's title changed; its id follows when it was the one its old title gave. */
export function retitleOption(options: readonly ChoiceOption[], index: number, title: string): ChoiceOption[] {
  const option = options[index];
  const others = idsBut(options, index);
  const follows = option.id === optionId(option.title, others) || option.id === "";
  return options.map((o, i) => (i === index ? { id: follows ? optionId(title, others) : o.id, title } : o));
}

export function setOptionId(options: readonly ChoiceOption[], index: number, id: string): ChoiceOption[] {
  return options.map((o, i) => (i === index ? { ...o, id } : o));
}

/** The options as a form holds them: anything not an object with text fields read as empty. */
export function readOptions(value: unknown): ChoiceOption[] {
  if (!Array.isArray(value)) return [];
  return value.map((o) => {
    const option = (typeof o === "object" && o !== null ? o : {}) as Record<string, unknown>;
    return { id: typeof option.id === "string" ? option.id : "", title: typeof option.title === "string" ? option.title : "" };
  });
}
