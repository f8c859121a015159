// "Validade da Sessão" (S4): whether free-form messages may go to the contact and until when,
// and the template sessions (marketing, utility) open on this number, each with its end time;
// on Messenger and Instagram, how long a human agent may still answer.
import type { Conversation } from "../api/types";
import { useClock } from "../chat/useClock";
import { formatDayTime } from "../format";
import { useI18n } from "../i18n";
import { Section } from "./Section";

const MINUTE = 60_000;

export function SessionSection({ conversation: c }: { conversation: Conversation }) {
  const { t } = useI18n();
  const now = Math.max(useClock(MINUTE), c.last_message_at ?? 0);
  const w = c.window;
  const until = (ms: number | null | undefined) => (ms != null && ms > now ? ms : null);
  const freeForm = until(w?.free_form_until);
  const expiring = freeForm !== null && freeForm - now <= 30 * MINUTE;
  let status: string;
  let tone: string;
  if (freeForm !== null) {
    status = t(expiring ? "session.expiring" : "session.valid", { when: formatDayTime(freeForm) });
    tone = expiring ? "expiring" : "valid";
  } else if (w?.free_form_until != null) {
    status = t("session.expired", { when: formatDayTime(w.free_form_until) });
    tone = "expired";
  } else {
    status = t("session.none");
    tone = "expired";
  }
  const extra: string[] = [];
  const service = until(w?.service_until);
  // The service session is the free-form window on WhatsApp: named again only when it differs.
  if (service !== null && service !== freeForm) extra.push(t("session.service", { when: formatDayTime(service) }));
  const marketing = until(w?.marketing_until);
  if (marketing !== null) extra.push(t("session.marketing", { when: formatDayTime(marketing) }));
  const utility = until(w?.utility_until);
  if (utility !== null) extra.push(t("session.utility", { when: formatDayTime(utility) }));
  const human = until(w?.human_agent_until);
  if (human !== null && freeForm === null) extra.push(t("session.humanAgent", { when: formatDayTime(human) }));
  return (
    <Section title={t("session.title")} testId="section-session">
      <p className={`session-status session-${tone}`} data-testid="session-status">
        {status}
      </p>
      {extra.map((line) => (
        <p key={line} className="muted session-line">
          {line}
        </p>
      ))}
    </Section>
  );
}
