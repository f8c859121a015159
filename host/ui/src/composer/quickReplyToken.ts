// C12: "/" and a shortcut typed at the start of the composer look for a quick reply; a space
// ends the shortcut, so "/interna texto" (C13) stays the internal-message command.

/** What follows the `/` when the text up to the caret is `/` and a shortcut being typed. */
export function quickReplyQuery(text: string, caret: number): string | null {
  const typed = text.slice(0, caret);
  const m = /^\/([^\s/]*)$/u.exec(typed);
  return m && text.slice(caret).trim() === "" ? m[1].toLowerCase() : null;
}

/** The replies whose shortcut starts with `query`, at most `limit`. */
export function matchingReplies<T extends { shortcut: string }>(replies: T[], query: string, limit = 8): T[] {
  return replies.filter((r) => r.shortcut.startsWith(query)).slice(0, limit);
}
