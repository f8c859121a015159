// "Mensagem" of "Nova transmissão" (A7): the broadcast's name, the channel (a WhatsApp number or a
// simulator), one of that channel's approved templates, its parameters — where `{nome}` and the
// contact's other variables are replaced for each recipient — and the server's preview.
import { useQuery } from "@tanstack/react-query";
import type { Channel, Template } from "../api/types";
import { useI18n } from "../i18n";
import { channelsQuery, templatesQuery } from "../queries/reference";
import { TemplateParamInputs, TemplatePreview, type TemplateValues } from "../templates/TemplateFields";
import { Field } from "../ui/Field";
import { broadcastChannels, type BroadcastDraft } from "./broadcastDraft";

interface Props {
  draft: BroadcastDraft;
  onChange: (patch: Partial<BroadcastDraft>) => void;
  template: Template | null;
  values: TemplateValues;
  touched: boolean;
  errors: { name: string | null; channel: string | null; template: string | null };
}

export function BroadcastMessage({ draft, onChange, template, values, touched, errors }: Props) {
  const { t } = useI18n();
  const channels = useQuery(channelsQuery);
  const usable: Channel[] = broadcastChannels(channels.data ?? []);
  const templates = useQuery({ ...templatesQuery(draft.channelId ?? 0), enabled: draft.channelId !== null });

  const templatePlaceholder =
    draft.channelId === null ? t("broadcastNew.channelFirst") : templates.data?.length === 0 ? t("broadcastNew.noTemplates") : t("broadcastNew.chooseTemplate");

  return (
    <section className="broadcast-section" aria-labelledby="broadcast-message-title">
      <h2 id="broadcast-message-title">{t("broadcastNew.message")}</h2>
      <div className="broadcast-fields">
        <Field label={t("broadcastNew.name")} hint={t("broadcastNew.nameHint")} error={errors.name}>
          {/* No maxLength: a pasted long name is not cut silently; the server says how long it may be. */}
          <input value={draft.name} onChange={(e) => onChange({ name: e.target.value })} autoComplete="off" />
        </Field>
        <Field
          label={t("broadcastNew.channel")}
          error={errors.channel ?? (channels.data && usable.length === 0 ? t("broadcastNew.noChannels") : null)}
        >
          {/* A new channel has other templates: the chosen one is dropped with it. */}
          <select
            value={draft.channelId ?? ""}
            onChange={(e) => onChange({ channelId: e.target.value ? Number(e.target.value) : null, templateId: null })}
          >
            <option value="">{t("broadcastNew.chooseChannel")}</option>
            {usable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("broadcastNew.template")} error={errors.template}>
          <select
            value={draft.templateId ?? ""}
            disabled={draft.channelId === null}
            onChange={(e) => onChange({ templateId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{templatePlaceholder}</option>
            {templates.data?.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} · {x.category_label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {template && (values.params.positional.length > 0 || values.params.named.length > 0) && (
        <div className="broadcast-params">
          <div className="broadcast-fields">
            <TemplateParamInputs values={values} touched={touched} />
          </div>
          <p className="field-hint broadcast-variables">{t("broadcastNew.variablesHint")}</p>
        </div>
      )}
      <TemplatePreview template={template} values={values} />
    </section>
  );
}
