// UI strings: Brazilian Portuguese first, English available. The choice is kept in localStorage
// and read by components through useI18n(); `{name}` placeholders are filled by t(key, params).
import { useCallback, useSyncExternalStore } from "react";
import { en } from "./en";
import { ptBR } from "./pt-BR";

export type Lang = "pt-BR" | "en";

export type MessageKey = keyof typeof ptBR;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { "pt-BR": ptBR, en };

const STORAGE_KEY = "atende.lang";
const listeners = new Set<() => void>();

function readStoredLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "pt-BR";
  } catch {
    return "pt-BR";
  }
}

let lang: Lang = readStoredLang();
if (typeof document !== "undefined") document.documentElement.lang = lang;

export function currentLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  if (next === lang) return;
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
  if (typeof document !== "undefined") document.documentElement.lang = next;
  listeners.forEach((l) => l());
}

/** Whether the UI has a text for `key` (keys built at run time, e.g. from a schema's field names). */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(ptBR, key);
}

export function translate(key: MessageKey, params?: Record<string, string | number>): string {
  let text = dictionaries[lang][key] ?? ptBR[key] ?? key;
  if (params) {
    for (const [name, value] of Object.entries(params)) {
      text = text.split(`{${name}}`).join(String(value));
    }
  }
  return text;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The current language and a `t` that re-renders the component when the language changes. */
export function useI18n(): { t: Translate; lang: Lang; setLang: (l: Lang) => void } {
  const current = useSyncExternalStore(subscribe, currentLang);
  // `current` in the deps gives components a new `t` (and so a re-render) on a language switch.
  const t = useCallback<Translate>((key, params) => translate(key, params), [current]);
  return { t, lang: current, setLang };
}
