// The contact at the top of the settings panel: the name with its edit icon (S1: the channel's
// profile name at first; it is the `{nome}` variable); "Informações do Contato" (S2: the channel
// and the number written to, the phone on WhatsApp, then birth date, CPF, RG, client code and
// e-mail once saved, changed with "Editar dados"); "Dados da Empresa" for a contact with a CNPJ
// (S3); the campaign the contact came from (S10); the account's custom fields that have a value.
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Contact, Conversation } from "../api/types";
import { useI18n } from "../i18n";
import { channelsQuery, customFieldsQuery } from "../queries/reference";
import { channelKindLabel } from "../ui/ChannelIcon";
import { EditIcon } from "../ui/icons";
import { brDate, fieldText, formatCnpj, formatCpf } from "./display";
import { EditContactDialog } from "./EditContactDialog";
import { Section } from "./Section";
import { useContactUpdate } from "./useContactUpdate";

interface Props {
  conversation: Conversation;
  contact: Contact;
}

function Row({ label, value, testId }: { label: string; value: string | null | undefined; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="info-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd className={value ? undefined : "muted"}>{value || t("settings.notSet")}</dd>
    </div>
  );
}

function NameEditor({ conversation, contact }: Props) {
  const { t } = useI18n();
  const update = useContactUpdate(conversation);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(contact.name);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await update(call(http.PATCH("/api/v1/contacts/{id}", { params: { path: { id: contact.id } }, body: { name } })));
      setEditing(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  if (!editing) {
    return (
      <div className="contact-name">
        <h3 className="contact-name-text" data-testid="contact-name">
          {contact.name}
        </h3>
        <button
          type="button"
          className="icon-button"
          aria-label={t("settings.editName")}
          title={t("settings.editName")}
          onClick={() => {
            setName(contact.name);
            setEditing(true);
          }}
        >
          <EditIcon size={16} />
        </button>
      </div>
    );
  }
  return (
    <form className="inline-edit" onSubmit={save}>
      <label className="sr-only" htmlFor="contact-name-input">
        {t("settings.name")}
      </label>
      <input id="contact-name-input" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} autoFocus aria-invalid={error ? true : undefined} />
      <button type="submit" className="btn btn-primary" disabled={saving}>
        {t("common.save")}
      </button>
      <button type="button" className="btn btn-ghost" onClick={() => setEditing(false)}>
        {t("common.cancel")}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function ContactSection({ conversation, contact }: Props) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const channels = useQuery(channelsQuery);
  const custom = useQuery(customFieldsQuery);
  const channel = channels.data?.find((x) => x.id === conversation.channel?.id);
  const channelText = conversation.channel
    ? [channelKindLabel(conversation.channel.kind, t), channel?.display_phone ?? conversation.channel.name].filter(Boolean).join(" · ")
    : null;
  const phoneShown = contact.platform === "whatsapp" || contact.platform === "simulator";
  const customValues = (custom.data ?? [])
    .map((f) => ({ field: f, text: fieldText((contact.custom_fields as Record<string, unknown>)[f.key], t("common.yes"), t("common.no")) }))
    .filter((x) => x.text);

  return (
    <>
      <Section title={t("settings.contactName")} testId="section-name">
        <NameEditor key={contact.id} conversation={conversation} contact={contact} />
      </Section>
      <Section
        title={t("settings.info")}
        testId="section-info"
        actions={
          <button type="button" className="btn btn-ghost" onClick={() => setEditing(true)}>
            {t("settings.editData")}
          </button>
        }
      >
        <dl className="info-list">
          <Row label={t("settings.channel")} value={channelText} />
          {phoneShown && <Row label={t("settings.phone")} value={contact.phone} testId="info-phone" />}
          <Row label={t("settings.birthDate")} value={brDate(contact.birth_date)} testId="info-birth_date" />
          <Row label={t("settings.cpf")} value={contact.cpf ? formatCpf(contact.cpf) : null} testId="info-cpf" />
          <Row label={t("settings.rg")} value={contact.rg} testId="info-rg" />
          <Row label={t("settings.clientCode")} value={contact.client_code} testId="info-client_code" />
          <Row label={t("settings.email")} value={contact.email} testId="info-email" />
          {customValues.map(({ field, text }) => (
            <Row key={field.key} label={field.label} value={text} testId={`info-${field.key}`} />
          ))}
        </dl>
      </Section>
      {contact.cnpj && (
        <Section title={t("settings.company")} testId="section-company">
          <dl className="info-list">
            <Row label={t("settings.companyName")} value={contact.company_name} />
            <Row label={t("settings.cnpj")} value={formatCnpj(contact.cnpj)} />
          </dl>
        </Section>
      )}
      {contact.campaign && (
        <Section title={t("settings.campaign")} testId="section-campaign">
          <p className="campaign">{contact.campaign}</p>
        </Section>
      )}
      {editing && <EditContactDialog conversation={conversation} contact={contact} onClose={() => setEditing(false)} />}
    </>
  );
}
