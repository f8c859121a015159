// The filters in force as chips under the toolbar, each removable with its ×, so a combination
// (L2, L14) is visible at a glance; "Limpar filtros" removes them all.
import { useQuery } from "@tanstack/react-query";
import { useI18n } from "../i18n";
import { activeFilterCount, type ChatSearch, type ListFilter } from "../list/filter";
import { departmentsQuery, tagsQuery, usersQuery } from "../queries/reference";
import { channelKindLabel } from "../ui/ChannelIcon";

interface Props {
  filter: ListFilter;
  onRemove: (key: keyof ChatSearch) => void;
  onClear: () => void;
}

export function ActiveFilters({ filter, onRemove, onClear }: Props) {
  const { t } = useI18n();
  const active = activeFilterCount(filter);
  const tags = useQuery({ ...tagsQuery, enabled: filter.tag !== null }).data;
  const departments = useQuery({ ...departmentsQuery, enabled: filter.department !== null }).data;
  const users = useQuery({ ...usersQuery, enabled: filter.agent !== null }).data;
  if (active === 0) return null;

  const chips: { key: keyof ChatSearch; label: string }[] = [];
  if (filter.internal) chips.push({ key: "internal", label: t("view.internal") });
  if (filter.unread) chips.push({ key: "unread", label: t("filters.visibilityUnread") });
  if (filter.tag !== null)
    chips.push({ key: "tag", label: `${t("filters.tag")}: ${tags?.find((x) => x.id === filter.tag)?.name ?? filter.tag}` });
  if (filter.department !== null)
    chips.push({
      key: "department",
      label: `${t("filters.department")}: ${departments?.find((x) => x.id === filter.department)?.name ?? filter.department}`,
    });
  if (filter.campaign !== null) chips.push({ key: "campaign", label: `${t("filters.campaign")}: ${filter.campaign}` });
  if (filter.agent !== null)
    chips.push({ key: "agent", label: `${t("filters.agent")}: ${users?.find((x) => x.id === filter.agent)?.name ?? filter.agent}` });
  if (filter.channel !== null) chips.push({ key: "channel", label: `${t("filters.channel")}: ${channelKindLabel(filter.channel, t)}` });

  return (
    <div className="active-filters" data-testid="active-filters">
      {chips.map((chip) => (
        <span key={chip.key} className="chip">
          {chip.label}
          <button type="button" className="chip-remove" aria-label={t("filters.remove", { name: chip.label })} onClick={() => onRemove(chip.key)}>
            ×
          </button>
        </span>
      ))}
      <button type="button" className="link-button" onClick={onClear}>
        {t("filters.clear")}
      </button>
    </div>
  );
}
