// The composer's template mode (C7 outside the window, C14 with "Template?"): the channel's
// approved templates, found by typing part of a name or a category ("Utilidade",
// "Marketing"); the chosen one's parameters and the server's preview; nothing goes until
// "Enviar". A template's header image reaches the contact, the history keeps its text.
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage } from "../api/errors";
import type { Message, Template } from "../api/types";
import { useI18n } from "../i18n";
import { templateSearchQuery } from "../queries/reference";
import { TemplateParamInputs, TemplatePreview, useTemplateValues } from "../templates/TemplateFields";
import { useDebounced } from "../ui/useDebounced";
import { LoadingState } from "../ui/States";
import { sendTemplate } from "./send";

interface Props {
  conversationId: number;
  channelId: number;
  onSent: (message: Message) => void;
}

export function TemplateComposer({ conversationId, channelId, onSent }: Props) {
  const { t } = useI18n();
  const [search, setSearch] = useState("");
  const settled = useDebounced(search, 250);
  const found = useQuery(templateSearchQuery(channelId, settled));
  const [chosen, setChosen] = useState<Template | null>(null);
  const values = useTemplateValues(chosen);
  const [touched, setTouched] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const groupName = useId();

  async function send() {
    setTouched(true);
    if (!chosen || !values.ready || sending) return;
    setSending(true);
    setError(null);
    try {
      onSent(await sendTemplate(conversationId, chosen.id, values.body));
      setChosen(null);
      setTouched(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="template-composer" data-testid="template-composer">
      <div className="template-pick">
        <label className="field">
          <span>{t("composer.templateSearch")}</span>
          <input
            type="search"
            value={search}
            placeholder={t("composer.templateSearchHint")}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        {found.isPending && <LoadingState />}
        {found.isError && <p className="error-text">{errorMessage(found.error)}</p>}
        {found.data?.length === 0 && <p className="muted">{t("composer.noTemplates")}</p>}
        {found.data && found.data.length > 0 && (
          <fieldset className="template-options">
            <legend className="sr-only">{t("composer.templateChoose")}</legend>
            {found.data.map((x) => (
              <label key={x.id} className={chosen?.id === x.id ? "template-option chosen" : "template-option"}>
                <input type="radio" name={groupName} checked={chosen?.id === x.id} onChange={() => setChosen(x)} />
                <span className="template-option-name">{x.name}</span>
                <span className="tag">{x.category_label}</span>
              </label>
            ))}
          </fieldset>
        )}
      </div>
      <div className="template-fill">
        <TemplateParamInputs values={values} touched={touched} />
        <TemplatePreview template={chosen} values={values} />
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        {touched && !chosen && <p className="error-text">{t("newChat.templateRequired")}</p>}
        <button type="button" className="btn btn-primary send-button" disabled={sending || !chosen} onClick={() => void send()}>
          {t("composer.sendTemplate")}
        </button>
      </div>
    </div>
  );
}
