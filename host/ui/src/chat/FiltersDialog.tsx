// L2: the six filters, combinable — "Etiqueta", "Departamento", "Campanha", "Agente", "Canal"
// and "Visibilidade" (all or unread). Each change applies at once (the list behind updates);
// "Limpar filtros" removes them all, the L14 shortcut included.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useI18n } from "../i18n";
import { CHANNEL_KINDS, type ChannelKind, type ChatSearch, type ListFilter } from "../list/filter";
import { departmentsQuery, tagsQuery, usersQuery } from "../queries/reference";
import { channelKindLabel } from "../ui/ChannelIcon";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";

interface Props {
  open: boolean;
  filter: ListFilter;
  onClose: () => void;
  onChange: (update: (prev: ChatSearch) => ChatSearch) => void;
  onClear: () => void;
}

function idOrUndefined(value: string): number | undefined {
  return value ? Number(value) : undefined;
}

export function FiltersDialog({ open, filter, onClose, onChange, onClear }: Props) {
  const { t } = useI18n();
  const tags = useQuery({ ...tagsQuery, enabled: open });
  const departments = useQuery({ ...departmentsQuery, enabled: open });
  const users = useQuery({ ...usersQuery, enabled: open });
  const [campaign, setCampaign] = useState(filter.campaign ?? "");

  useEffect(() => setCampaign(filter.campaign ?? ""), [filter.campaign]);

  const set = <K extends keyof ChatSearch>(key: K, value: ChatSearch[K]) =>
    onChange((prev) => {
      const next = { ...prev, [key]: value };
      if (value === undefined) delete next[key];
      return next;
    });

  return (
    <Dialog
      open={open}
      title={t("filters.title")}
      onClose={onClose}
      testId="filters-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClear}>
            {t("filters.clear")}
          </button>
          <button type="button" className="btn btn-primary" onClick={onClose}>
            {t("filters.done")}
          </button>
        </>
      }
    >
      <div className="filters-grid">
        <Field label={t("filters.tag")}>
          <select value={filter.tag ?? ""} onChange={(e) => set("tag", idOrUndefined(e.target.value))}>
            <option value="">{t("filters.any")}</option>
            {tags.data?.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("filters.department")}>
          <select value={filter.department ?? ""} onChange={(e) => set("department", idOrUndefined(e.target.value))}>
            <option value="">{t("filters.any")}</option>
            {departments.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("filters.campaign")} hint={t("filters.campaignHint")}>
          <input
            value={campaign}
            onChange={(e) => setCampaign(e.target.value)}
            onBlur={() => set("campaign", campaign.trim() || undefined)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                set("campaign", campaign.trim() || undefined);
              }
            }}
          />
        </Field>
        <Field label={t("filters.agent")}>
          <select value={filter.agent ?? ""} onChange={(e) => set("agent", idOrUndefined(e.target.value))}>
            <option value="">{t("filters.any")}</option>
            {users.data
              ?.filter((u) => u.active)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </Field>
        <Field label={t("filters.channel")}>
          <select
            value={filter.channel ?? ""}
            onChange={(e) => set("channel", (e.target.value || undefined) as ChannelKind | undefined)}
          >
            <option value="">{t("filters.any")}</option>
            {CHANNEL_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {channelKindLabel(kind, t)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="radio-group">
          <legend>{t("filters.visibility")}</legend>
          <label>
            <input type="radio" name="visibility" checked={!filter.unread} onChange={() => set("unread", undefined)} />
            {t("filters.visibilityAll")}
          </label>
          <label>
            <input type="radio" name="visibility" checked={filter.unread} onChange={() => set("unread", true)} />
            {t("filters.visibilityUnread")}
          </label>
        </fieldset>
      </div>
    </Dialog>
  );
}
