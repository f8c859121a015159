// The filters above the "Contatos" table (A6, S17): the search, the tag, the campaign,
// "Bloqueado?", "Recebe transmissões" and a custom field with its value. It edits the filter as
// typed; the page waits for the typing to pause before asking the server. "Nova transmissão"
// (A7) chooses its recipients with the same filters, without "Bloqueado?" (blocked contacts
// never receive a broadcast).
import { useQuery } from "@tanstack/react-query";
import { useI18n } from "../i18n";
import { customFieldsQuery, tagsQuery } from "../queries/reference";
import { Field } from "../ui/Field";
import { EMPTY_FILTER, type ContactFilter, type YesNo } from "./contactFilter";

interface Props {
  filter: ContactFilter;
  onChange: (filter: ContactFilter) => void;
  /** The section's name for screen readers ("Filtros" by default). */
  label?: string;
  /** Whether "Bloqueado?" is offered (not for a broadcast's audience). */
  withBlocked?: boolean;
}

export function ContactFilters({ filter, onChange, label, withBlocked = true }: Props) {
  const { t } = useI18n();
  const tags = useQuery(tagsQuery);
  const fields = useQuery(customFieldsQuery);
  const set = (patch: Partial<ContactFilter>) => onChange({ ...filter, ...patch });
  const changed = JSON.stringify(filter) !== JSON.stringify(EMPTY_FILTER);
  // A list field's value is one of its options; any other field's is typed.
  const chosenField = fields.data?.find((f) => f.key === filter.field);

  const yesNo = (label: string, value: YesNo, change: (v: YesNo) => void) => (
    <Field label={label}>
      <select value={value} onChange={(e) => change(e.target.value as YesNo)}>
        <option value="all">{t("contacts.all")}</option>
        <option value="yes">{t("common.yes")}</option>
        <option value="no">{t("common.no")}</option>
      </select>
    </Field>
  );

  return (
    <section className="contacts-filters" aria-label={label ?? t("contacts.filters")}>
      <Field label={t("contacts.search")} className="contacts-search">
        <input
          type="search"
          value={filter.search}
          placeholder={t("contacts.searchPlaceholder")}
          onChange={(e) => set({ search: e.target.value })}
          autoComplete="off"
        />
      </Field>
      <Field label={t("contacts.tag")}>
        <select value={filter.tagId ?? ""} onChange={(e) => set({ tagId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">{t("contacts.anyTag")}</option>
          {tags.data?.map((tag) => (
            <option key={tag.id} value={tag.id}>
              {tag.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("contacts.campaign")}>
        <input value={filter.campaign} onChange={(e) => set({ campaign: e.target.value })} autoComplete="off" />
      </Field>
      {withBlocked && yesNo(t("contacts.blocked"), filter.blocked, (blocked) => set({ blocked }))}
      {yesNo(t("contacts.broadcasts"), filter.receivesBroadcasts, (receivesBroadcasts) => set({ receivesBroadcasts }))}
      <Field label={t("contacts.customField")}>
        <select value={filter.field} onChange={(e) => set({ field: e.target.value, fieldValue: "" })}>
          <option value="">{t("contacts.noField")}</option>
          {fields.data?.map((f) => (
            <option key={f.id} value={f.key}>
              {f.label}
            </option>
          ))}
        </select>
      </Field>
      {chosenField && (
        <Field label={t("contacts.fieldValue")}>
          {chosenField.kind === "list" ? (
            <select value={filter.fieldValue} onChange={(e) => set({ fieldValue: e.target.value })}>
              <option value="">{t("contacts.anyValue")}</option>
              {chosenField.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          ) : (
            <input value={filter.fieldValue} onChange={(e) => set({ fieldValue: e.target.value })} autoComplete="off" />
          )}
        </Field>
      )}
      {changed && (
        <button type="button" className="link-button contacts-clear" onClick={() => onChange(EMPTY_FILTER)}>
          {t("contacts.clearFilters")}
        </button>
      )}
    </section>
  );
}
