// What the toast says once sessions were ended ("Encerrar as outras sessões", an admin's
// "Encerrar todas as sessões"): how many, in the UI's language.
import { translate } from "../i18n";

export function endedText(count: number): string {
  if (count === 0) return translate("sessions.endedNone");
  if (count === 1) return translate("sessions.endedCountOne");
  return translate("sessions.endedCount", { count });
}
