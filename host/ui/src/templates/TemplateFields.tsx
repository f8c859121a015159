// A template's parameters and its preview, shared by every form that sends one: "Novo chat"
// (L5), the composer outside the window or with "Template?" (C7, C14) and "Agendar nova
// mensagem" (S7). One field per `{{1}}` / `{{nome}}`, and the server's rendering of what the
// contact will read (POST /templates/{id}/preview) once every parameter is filled.
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Template } from "../api/types";
import { useI18n, type Translate } from "../i18n";
import { Field } from "../ui/Field";
import { bodyText, complete, templateParams, type PositionalSlot, type TemplateParams } from "./templateParams";
import { useDebounced } from "../ui/useDebounced";

export function slotLabel(slot: PositionalSlot, t: Translate): string {
  const n = `{{${slot.n}}}`;
  switch (slot.place.kind) {
    case "header":
      return t("template.param.header", { n });
    case "body":
      return t("template.param.body", { n });
    case "url":
      return t("template.param.url", { n, button: slot.place.button });
    case "code":
      return t("template.param.code", { n, button: slot.place.button });
  }
}

export interface TemplateValues {
  params: TemplateParams;
  positional: string[];
  named: Record<string, string>;
  setPositional: (i: number, value: string) => void;
  setNamed: (key: string, value: string) => void;
  /** Every parameter filled. */
  ready: boolean;
  /** The values to send: `positional` cut to the template's slots. */
  body: { positional: string[]; named: Record<string, string> };
}

/** The values typed for `template`'s parameters; they start over when the template changes. */
export function useTemplateValues(template: Template | null): TemplateValues {
  const params = useMemo(() => templateParams(template?.components), [template]);
  const [state, setState] = useState<{ id: number | null; positional: string[]; named: Record<string, string> }>({
    id: null,
    positional: [],
    named: {},
  });
  const id = template?.id ?? null;
  const current = state.id === id ? state : { id, positional: [], named: {} };
  const { positional, named } = current;
  // Values typed for another template are dropped: each update starts from this template's.
  const own = (prev: typeof state) => (prev.id === id ? prev : { id, positional: [], named: {} });
  return {
    params,
    positional,
    named,
    setPositional: (i, value) =>
      setState((prev) => {
        const base = own(prev);
        const next = base.positional.slice();
        next[i] = value;
        return { ...base, positional: next };
      }),
    setNamed: (key, value) => setState((prev) => ({ ...own(prev), named: { ...own(prev).named, [key]: value } })),
    ready: template !== null && complete(params, positional, named),
    body: { positional: positional.slice(0, params.positional.length), named },
  };
}

/** One field per parameter; "Preencha este parâmetro." under the blank ones once `touched`. */
export function TemplateParamInputs({ values, touched }: { values: TemplateValues; touched: boolean }) {
  const { t } = useI18n();
  const { params, positional, named } = values;
  return (
    <>
      {params.positional.map((slot, i) => (
        <Field key={`p${i}`} label={slotLabel(slot, t)} error={touched && !(positional[i] ?? "").trim() ? t("template.paramRequired") : null}>
          <input value={positional[i] ?? ""} onChange={(e) => values.setPositional(i, e.target.value)} />
        </Field>
      ))}
      {params.named.map((key) => (
        <Field key={`n${key}`} label={`{{${key}}}`} error={touched && !(named[key] ?? "").trim() ? t("template.paramRequired") : null}>
          <input value={named[key] ?? ""} onChange={(e) => values.setNamed(key, e.target.value)} />
        </Field>
      ))}
    </>
  );
}

/** "Prévia": the server's rendering once every parameter is filled, the raw body before. */
export function TemplatePreview({ template, values }: { template: Template | null; values: TemplateValues }) {
  const { t } = useI18n();
  const settled = useDebounced(values.body, 300);
  const settledReady = template !== null && complete(values.params, settled.positional, settled.named);
  const preview = useQuery({
    queryKey: ["template-preview", template?.id ?? null, settled],
    queryFn: () =>
      call(http.POST("/api/v1/templates/{id}/preview", { params: { path: { id: template!.id } }, body: settled })),
    enabled: settledReady,
    retry: false,
  });
  return (
    <section className="template-preview" aria-label={t("template.preview")} aria-live="polite">
      <h3>{t("template.preview")}</h3>
      {template === null ? (
        <p className="muted">{t("template.previewNone")}</p>
      ) : preview.data && values.ready ? (
        <p className="preview-text" data-testid="template-preview">
          {preview.data.preview}
        </p>
      ) : preview.isError && values.ready ? (
        <p className="error-text">{errorMessage(preview.error)}</p>
      ) : (
        <>
          <p className="preview-text raw">{bodyText(template.components)}</p>
          {!values.ready && <p className="muted">{t("template.previewFill")}</p>}
        </>
      )}
    </section>
  );
}
