// Where a server refusal goes on an admin form: the messages of the users, departments and tags
// routes ("Já existe um usuário com o e-mail …", "A senha precisa ter pelo menos 8 caracteres.",
// "O nome da etiqueta deve ter de 1 a 50 caracteres.") do not name a field the way the field
// plugin's do ("O campo X …", settings/fieldErrors.ts), so each form says which words point at
// which of its fields; what matches none is the form's own message.

/** A form field and the words (lower case) of the messages that are about it, most specific first. */
export type FieldRules<K extends string> = ReadonlyArray<readonly [K, ReadonlyArray<string>]>;

/** The field a refusal message is about, or null when it is the whole form's. */
export function fieldOfMessage<K extends string>(message: string, rules: FieldRules<K>): K | null {
  const text = message.toLocaleLowerCase("pt-BR");
  for (const [field, words] of rules) {
    if (words.some((w) => text.includes(w))) return field;
  }
  return null;
}

/**
 * The messages of the user routes: e-mail and password first (their messages also say "nome"
 * rarely: "Nomes e sobrenomes são fáceis de adivinhar" is about the password).
 */
export const USER_RULES: FieldRules<"name" | "email" | "password"> = [
  ["email", ["e-mail"]],
  ["password", ["senha", "adivinhar"]],
  ["name", ["nome"]],
];

/** Departments and tags have one field, the name; a conflict or a length message is about it. */
export const NAME_RULES: FieldRules<"name"> = [["name", ["nome", "já existe", "chamad"]]];
