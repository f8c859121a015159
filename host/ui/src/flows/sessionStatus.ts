// A flow session's status (F3) in words: the chat's "Fluxos" section and the flow editor's test
// panel both name it, from the same keys.
import type { MessageKey, Translate } from "../i18n";

const STATUS_KEYS: Record<string, MessageKey> = {
  waiting: "flows.status.waiting",
  completed: "flows.status.completed",
  handover: "flows.status.handover",
  expired: "flows.status.expired",
  failed: "flows.status.failed",
  interrupted: "flows.status.interrupted",
};

/** Whether `word` is a session status (an outcome like "handover:…" starts with one). */
export function isSessionStatus(word: string): boolean {
  return Object.hasOwn(STATUS_KEYS, word);
}

/** A session's status in words ("Concluído", "Passou para atendimento" …); an unknown one as it is. */
export function sessionStatusWords(status: string, t: Translate): string {
  return isSessionStatus(status) ? t(STATUS_KEYS[status]) : status;
}
