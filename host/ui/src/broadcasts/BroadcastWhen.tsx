// "Quando" and "Velocidade" of "Nova transmissão" (A7): "Agora" or "Agendar" with a day and time
// (read in the browser's time zone; the first suggestion is an hour from now), and how many
// messages a second go out (80 by default, Meta's usual limit for a number).
import { useI18n } from "../i18n";
import { Field } from "../ui/Field";
import { msToLocalTime, type BroadcastDraft, type When } from "./broadcastDraft";

interface Props {
  draft: BroadcastDraft;
  onChange: (patch: Partial<BroadcastDraft>) => void;
  atError: string | null;
  rateError: string | null;
}

export function BroadcastWhen({ draft, onChange, atError, rateError }: Props) {
  const { t } = useI18n();
  const choose = (when: When) =>
    onChange(when === "later" && !draft.at ? { when, at: msToLocalTime(Date.now() + 60 * 60_000) } : { when });
  return (
    <section className="broadcast-section" aria-labelledby="broadcast-when-title">
      <h2 id="broadcast-when-title">{t("broadcastNew.when")}</h2>
      <fieldset className="broadcast-when">
        <legend className="sr-only">{t("broadcastNew.when")}</legend>
        <label className="check-field">
          <input type="radio" name="broadcast-when" checked={draft.when === "now"} onChange={() => choose("now")} />
          <span>{t("broadcastNew.now")}</span>
        </label>
        <label className="check-field">
          <input type="radio" name="broadcast-when" checked={draft.when === "later"} onChange={() => choose("later")} />
          <span>{t("broadcastNew.later")}</span>
        </label>
      </fieldset>
      <div className="broadcast-fields">
        {draft.when === "later" && (
          <Field label={t("broadcastNew.at")} error={atError}>
            <input type="datetime-local" value={draft.at} onChange={(e) => onChange({ at: e.target.value })} />
          </Field>
        )}
        <Field label={t("broadcastNew.rate")} hint={t("broadcastNew.rateHint")} error={rateError}>
          <input type="number" min={1} max={1000} step={1} inputMode="numeric" value={draft.rate} onChange={(e) => onChange({ rate: e.target.value })} />
        </Field>
      </div>
    </section>
  );
}
