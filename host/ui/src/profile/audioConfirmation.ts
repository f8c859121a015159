// C15 "Mostrar confirmação de envio de áudio": whether a recorded voice message is played back
// with "Tem certeza que deseja enviar esse áudio?" before it goes ("Sim", the default) or sent
// at once ("Não"). The user's choice, kept on the server so it follows them to every device:
// read from the signed-in user (GET /me) and changed on "Meu Perfil".
import { useQuery, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { Me } from "../api/types";
import { keys } from "../queries/keys";
import { meQuery } from "../queries/session";

export function useAudioConfirmation(): boolean {
  const me = useQuery(meQuery).data as Me | undefined;
  return me?.user.audio_confirmation ?? true;
}

/** Shown chosen at once (a radio button answers its click); put back if the server refuses. */
export async function setAudioConfirmation(queryClient: QueryClient, on: boolean): Promise<void> {
  const set = (value: boolean) =>
    queryClient.setQueryData(keys.me, (old: Me | undefined) => (old ? { ...old, user: { ...old.user, audio_confirmation: value } } : old));
  set(on);
  try {
    const user = await call(http.PATCH("/api/v1/me", { body: { audio_confirmation: on } }));
    queryClient.setQueryData(keys.me, (old: Me | undefined) => (old ? { ...old, user } : old));
  } catch (err) {
    set(!on);
    throw err;
  }
}
