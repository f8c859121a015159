// The message composer, in the mode the chat allows (sendability.ts): a blocked contact gets
// the source text's notice (S17); inside the window, text with variables (C8), files and
// pasted images (C9), contact cards (C10), voice (C15) and, with "Template?", templates (C14);
// outside it only templates (C7), unless "Interna?" unlocks the text for an internal message
// (C13, red send button). The team chat (L14) takes plain text, always internal.
import { useState } from "react";
import type { Conversation, Message } from "../api/types";
import { useClock } from "../chat/useClock";
import { useI18n } from "../i18n";
import { composerMode } from "./sendability";
import { TemplateComposer } from "./TemplateComposer";
import { TextComposer } from "./TextComposer";

const MINUTE = 60_000;

interface Props {
  conversation: Conversation;
  onSent: (message: Message) => void;
}

export function Composer({ conversation: c, onSent }: Props) {
  const { t } = useI18n();
  const tick = useClock(MINUTE);
  // The browser's clock may lag the server's: a message that just arrived is "now" at least.
  const mode = composerMode(c, Math.max(tick, Date.now(), c.last_message_at ?? 0));
  const [internal, setInternal] = useState(false);
  const [template, setTemplate] = useState(false);

  if (mode === "blocked") {
    return (
      <div className="composer blocked" role="status">
        {t("conv.blocked")}
      </div>
    );
  }

  const team = mode === "team";
  const templatesOnly = mode === "templates" && !internal;
  const showTemplates = !team && !internal && (templatesOnly || template);

  const toggles = team ? null : (
    <div className="composer-toggles">
      <label className="composer-toggle">
        <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
        {t("composer.internal")}
      </label>
      {mode === "free" && (
        <label className="composer-toggle">
          <input type="checkbox" checked={template} disabled={internal} onChange={(e) => setTemplate(e.target.checked)} />
          {t("composer.template")}
        </label>
      )}
      {mode === "templates" && (
        <span className="composer-window-note" data-testid="window-closed-note">
          {internal ? t("composer.windowClosedInternal") : t("composer.windowClosed")}
        </span>
      )}
    </div>
  );

  if (showTemplates && c.channel) {
    return (
      <div className="composer composer-templates" data-testid="composer">
        {toggles}
        <TemplateComposer
          conversationId={c.id}
          channelId={c.channel.id}
          onSent={(m) => {
            setTemplate(false);
            onSent(m);
          }}
        />
      </div>
    );
  }

  return (
    <div className={internal || team ? "composer internal" : "composer"} data-testid="composer">
      {toggles}
      <TextComposer
        conversationId={c.id}
        internal={internal && !team}
        team={team}
        // Files, voice and cards go to the contact: only inside the window, never as a note.
        rich={mode === "free" && !internal}
        onSent={onSent}
      />
    </div>
  );
}
