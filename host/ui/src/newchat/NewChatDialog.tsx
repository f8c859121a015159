// "Novo chat" (L5): send a template to a number that may not be a contact yet. "Nome do
// cliente", "Abrir conversa?", "Número estrangeiro?", "Número do cliente", the channel that
// sends, the template with one field per parameter, and the server's preview of what the
// contact will read (POST /templates/{id}/preview) before "Enviar" (POST /new-chat).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Me } from "../api/types";
import { useI18n } from "../i18n";
import { channelsQuery, templatesQuery } from "../queries/reference";
import { meQuery } from "../queries/session";
import { applyLocalSnapshot } from "../realtime/cacheSync";
import { channelKindLabel } from "../ui/ChannelIcon";
import { Dialog } from "../ui/Dialog";
import { CheckField, Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import type { NewChatSeed } from "../chat/useDeepLink";
import { phoneProblem } from "./phone";
import { TemplateParamInputs, TemplatePreview, useTemplateValues } from "../templates/TemplateFields";

/** Channels that can start a chat with a template: WhatsApp numbers (and the simulator). */
const STARTS_CHATS = ["whatsapp", "simulator"];

export function NewChatDialog({ seed, onClose }: { seed: NewChatSeed; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data as Me;

  const [name, setName] = useState("");
  const [openConversation, setOpenConversation] = useState(true);
  const [foreign, setForeign] = useState(false);
  const [phone, setPhone] = useState(seed.phone ?? "");
  const [phoneServerError, setPhoneServerError] = useState(seed.phoneError ?? null);
  const [channelId, setChannelId] = useState<number | null>(null);
  const [templateId, setTemplateId] = useState<number | null>(null);
  const [touched, setTouched] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const channels = useQuery(channelsQuery);
  const senders = useMemo(() => channels.data?.filter((c) => STARTS_CHATS.includes(c.kind)) ?? [], [channels.data]);
  useEffect(() => {
    if (channelId === null && senders.length > 0) setChannelId(senders[0].id);
  }, [channelId, senders]);

  const templates = useQuery({ ...templatesQuery(channelId ?? 0), enabled: channelId !== null });
  const template = templates.data?.find((x) => x.id === templateId) ?? null;
  const values = useTemplateValues(template);

  const phoneKey = phoneProblem(phone, foreign);
  const nameError = touched && !name.trim() ? t("newChat.nameRequired") : null;
  const phoneError = phoneServerError ?? (touched || phone ? (phoneKey ? t(phoneKey) : null) : null);
  const templateError = touched && template === null ? t("newChat.templateRequired") : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    setError(null);
    if (!name.trim() || phoneKey || channelId === null || template === null || !values.ready) return;
    setSending(true);
    try {
      const started = await call(
        http.POST("/api/v1/new-chat", {
          body: {
            channel_id: channelId,
            name: name.trim(),
            phone: phone.trim(),
            foreign,
            open_conversation: openConversation,
            template_id: template.id,
            positional: values.body.positional,
            named: values.body.named,
          },
        }),
      );
      applyLocalSnapshot(queryClient, started.conversation, me.user);
      showToast(t("newChat.started"));
      onClose();
      void navigate({ to: "/chat/$conversationId", params: { conversationId: started.conversation.id }, search: (prev: Record<string, unknown>) => prev });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  return (
    <Dialog
      open
      title={t("newChat.title")}
      onClose={onClose}
      size="wide"
      testId="new-chat-dialog"
      dismissOnBackdrop={false}
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form="new-chat-form" className="btn btn-primary" disabled={sending}>
            {sending ? t("newChat.sending") : t("newChat.send")}
          </button>
        </>
      }
    >
      <form id="new-chat-form" className="new-chat-form" onSubmit={submit} noValidate>
        <div className="new-chat-fields">
          <Field label={t("newChat.name")} error={nameError}>
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" maxLength={120} />
          </Field>
          <CheckField label={t("newChat.openConversation")} checked={openConversation} onChange={setOpenConversation} />
          <CheckField
            label={t("newChat.foreign")}
            checked={foreign}
            onChange={(v) => {
              setForeign(v);
              setPhoneServerError(null);
            }}
          />
          <Field label={t("newChat.phone")} hint={foreign ? t("newChat.phoneHintForeign") : t("newChat.phoneHint")} error={phoneError}>
            <input
              type="tel"
              inputMode="tel"
              value={phone}
              onChange={(e) => {
                setPhone(e.target.value);
                setPhoneServerError(null);
              }}
              autoComplete="off"
            />
          </Field>
          {senders.length > 1 && (
            <Field label={t("newChat.channel")}>
              <select
                value={channelId ?? ""}
                onChange={(e) => {
                  setChannelId(Number(e.target.value));
                  setTemplateId(null);
                }}
              >
                {senders.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({channelKindLabel(c.kind, t)})
                  </option>
                ))}
              </select>
            </Field>
          )}
          {channels.data && senders.length === 0 && <p className="error-text">{t("newChat.noChannel")}</p>}
          <Field label={t("newChat.template")} error={templateError}>
            <select
              value={templateId ?? ""}
              onChange={(e) => setTemplateId(e.target.value ? Number(e.target.value) : null)}
            >
              <option value="">{templates.data?.length === 0 ? t("newChat.noTemplates") : t("newChat.chooseTemplate")}</option>
              {templates.data?.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name} · {x.category_label}
                </option>
              ))}
            </select>
          </Field>
          <TemplateParamInputs values={values} touched={touched} />
        </div>
        <TemplatePreview template={template} values={values} />
        {error && (
          <p className="error-text form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
