// "Destinatários" of "Nova transmissão" (A7): the contacts list's own filters (search, tag,
// campaign, "Recebe transmissões", a custom field; not "Bloqueado?": blocked contacts are never
// included), the live count of who will receive it, and the rule that no filter overrides.
import { useMemo } from "react";
import { ContactFilters } from "../contacts/ContactFilters";
import type { ContactFilter } from "../contacts/contactFilter";
import { useI18n } from "../i18n";
import { useDebounced } from "../ui/useDebounced";
import { AudienceCount } from "./AudienceCount";
import { audienceFilter } from "./broadcastDraft";

interface Props {
  channelId: number | null;
  filter: ContactFilter;
  onChange: (filter: ContactFilter) => void;
}

export function BroadcastAudience({ channelId, filter, onChange }: Props) {
  const { t } = useI18n();
  // The count waits for the typing to pause, like the contacts list.
  const settled = useDebounced(filter, 300);
  const audience = useMemo(() => audienceFilter(settled), [settled]);
  return (
    <section className="broadcast-section" aria-labelledby="broadcast-recipients-title">
      <h2 id="broadcast-recipients-title">{t("broadcastNew.recipients")}</h2>
      <ContactFilters filter={filter} onChange={onChange} label={t("broadcastNew.recipients")} withBlocked={false} />
      <AudienceCount channelId={channelId} filter={audience} />
      <p className="muted broadcast-note">{t("broadcastNew.excluded")}</p>
    </section>
  );
}
