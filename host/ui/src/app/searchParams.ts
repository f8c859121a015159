// How the router writes and reads the URL's search params. TanStack's default JSON-quotes a text
// that looks like a number (a CNPJ, a phone: `?cnpj=%2211222333000181%22`) so it reads back as
// text; here a run of digits is written bare (`?cnpj=11222333000181`, the link "Ver contatos"
// promises, A6) and read back as a number while it is one exactly, as text beyond (a number
// that long would lose digits). Every route's validateSearch already takes either. Pure.
import { parseSearchWith, stringifySearchWith } from "@tanstack/react-router";

const DIGITS = /^\d+$/;

/** A value as the default reads it, except that digits stay digits: bare, and text when too long. */
export function parseValue(text: string): unknown {
  if (DIGITS.test(text)) {
    const n = Number(text);
    // "0425…" (a CNPJ with a leading zero) is no JSON number either: it stays text.
    return Number.isSafeInteger(n) && String(n) === text ? n : text;
  }
  return JSON.parse(text);
}

export const parseSearch = parseSearchWith(parseValue);

// A parser that refuses digits tells the writer they need no quotes; anything else is as before.
export const stringifySearch = stringifySearchWith(JSON.stringify, (text: string) => {
  if (DIGITS.test(text)) throw new Error("digits are written bare");
  return JSON.parse(text);
});
