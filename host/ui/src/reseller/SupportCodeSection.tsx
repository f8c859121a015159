// "Verificar código de suporte" (A2): the reseller types the code an account's user reads out
// from their menu and learns which of their own accounts it belongs to (the server looks only
// among them), or that none of theirs has it now (a code changes every 4 hours).
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useI18n } from "../i18n";
import { verifySupportCode } from "../queries/reseller";
import { Field } from "../ui/Field";
import { useAction } from "../ui/useAction";
import { normaliseCode, verdictOf } from "./supportCodeCheck";

export function SupportCodeSection() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState("");
  const [verdict, setVerdict] = useState<ReturnType<typeof verdictOf> | null>(null);
  const { busy, error, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const code = normaliseCode(typed);
    setVerdict(null);
    await run(async () => {
      setVerdict(verdictOf(code, await verifySupportCode(queryClient, code)));
    });
  }

  return (
    <section className="card reseller-section" aria-labelledby="reseller-verify-title">
      <h2 id="reseller-verify-title">{t("reseller.verify.title")}</h2>
      <p className="muted reseller-intro">{t("reseller.verify.intro")}</p>
      <form className="reseller-verify-form" onSubmit={submit}>
        <Field label={t("reseller.verify.code")} error={error}>
          <input
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              setVerdict(null);
            }}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            className="reseller-code-input"
          />
        </Field>
        <button type="submit" className="btn btn-primary" disabled={busy || !normaliseCode(typed)}>
          {t("reseller.verify.submit")}
        </button>
      </form>
      <p
        className={verdict?.key === "reseller.verify.none" ? "reseller-verdict reseller-verdict-none" : "reseller-verdict"}
        role="status"
        data-testid="support-code-verdict"
      >
        {verdict && t(verdict.key, verdict.params)}
      </p>
    </section>
  );
}
