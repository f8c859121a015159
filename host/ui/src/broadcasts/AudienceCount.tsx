// "1.234 contatos receberão" (A7): how many contacts the audience filter reaches on the chosen
// channel, counted by the server (the filter minus blocked contacts, minus those with broadcasts
// switched off, only those the channel can reach). Asked again when the typing pauses; the last
// count stays, with a spinner, while the next one comes.
import { useQuery } from "@tanstack/react-query";
import { errorMessage } from "../api/errors";
import { formatCount } from "../contacts/contactFilter";
import { useI18n } from "../i18n";
import { audienceQuery } from "../queries/broadcasts";
import type { AudienceFilter } from "./broadcastDraft";

interface Props {
  channelId: number | null;
  /** The filter once the typing paused. */
  filter: AudienceFilter;
}

export function AudienceCount({ channelId, filter }: Props) {
  const { t, lang } = useI18n();
  const count = useQuery({ ...audienceQuery(channelId ?? 0, filter), enabled: channelId !== null });
  const n = count.data;
  let text: string | null = null;
  if (channelId === null) text = t("broadcastNew.countChannel");
  else if (n !== undefined) {
    text = n === 0 ? t("broadcastNew.countNone") : n === 1 ? t("broadcastNew.countOne") : t("broadcastNew.countMany", { count: formatCount(n, lang) });
  }
  return (
    <p
      className={`broadcast-audience-count${channelId !== null && n === 0 ? " broadcast-audience-none" : ""}`}
      aria-live="polite"
      data-testid="audience-count"
      data-count={channelId !== null && n !== undefined && !count.isPlaceholderData ? n : undefined}
    >
      {text}
      {channelId !== null && count.isFetching && <span className="spinner" aria-hidden="true" />}
      {count.isError && <span className="error-text">{errorMessage(count.error)}</span>}
    </p>
  );
}
