// A broadcast's state as a coloured word (Agendada, Enviando, Pausada, Cancelada, Concluída), the
// same in the list and on its page; the colour only repeats what the word says.
import { useI18n } from "../i18n";
import { STATE_LABEL, type BroadcastState } from "./broadcastView";

export function BroadcastStateBadge({ state }: { state: BroadcastState }) {
  const { t } = useI18n();
  return (
    <span className={`broadcast-state broadcast-state-${state}`} data-testid="broadcast-state" data-state={state}>
      {t(STATE_LABEL[state])}
    </span>
  );
}
