// C15 "Mostrar confirmação de envio de áudio": whether a recorded voice message is played back
// with "Tem certeza que deseja enviar esse áudio?" before it goes ("Sim", the default) or sent
// at once ("Não"). The source text has it among the account's settings; the server keeps no
// such setting yet, so each device remembers the choice made on "Meu Perfil".
import { useSyncExternalStore } from "react";

const KEY = "atende.audioConfirmation";
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(KEY) !== "no";
  } catch {
    return true;
  }
}

let current = read();

export function audioConfirmation(): boolean {
  return current;
}

export function setAudioConfirmation(on: boolean): void {
  current = on;
  try {
    localStorage.setItem(KEY, on ? "yes" : "no");
  } catch {
    // private mode: the choice lasts for this page
  }
  listeners.forEach((l) => l());
}

export function useAudioConfirmation(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    audioConfirmation,
  );
}
