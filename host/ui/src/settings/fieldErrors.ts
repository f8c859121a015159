// The server's validation messages name the field they are about ("O campo E-mail deve conter
// um e-mail válido …", "O campo Motivo é obrigatório."): the field plugin (P2) writes them in
// Portuguese with the field's label. This finds which of a form's fields a message names, so it
// shows under that field (S2, K5) rather than at the bottom of the form.

/** The key of the field whose label the message names, or null (the message is the form's). */
export function fieldNamed(message: string, labels: Record<string, string>): string | null {
  // Longest labels first: "Data de nascimento" before a field called "Data".
  const entries = Object.entries(labels).sort((a, b) => b[1].length - a[1].length);
  for (const [key, label] of entries) {
    if (message.startsWith(`O campo ${label} `) || message.startsWith(`O campo ${label}:`)) return key;
  }
  return null;
}
