// The pieces rjsf renders a node's form with (issue 16 part 3): texts that suggest variables,
// a field-key input with the contact's fields, the account's departments, agents and flows as
// choices, the send-template node's template picked from a channel's approved ones (name and
// language together), a content node's options as a list whose limits show as the admin types,
// and rjsf's buttons as text buttons in the UI's language.
import { useQuery } from "@tanstack/react-query";
import { ariaDescribedByIds, TranslatableString, type ErrorSchema, type FieldProps, type OptionalDataControlsTemplateProps, type IconButtonProps, type WidgetProps } from "@rjsf/utils";
import { createContext, useContext, useId, useState } from "react";
import type { VariableField } from "../../composer/variables";
import { useI18n } from "../../i18n";
import { channelsQuery, departmentsQuery, flowsQuery, templatesQuery, usersQuery } from "../../queries/reference";
import { VariableText } from "./VariableText";
import { addOption, moveOption, readOptions, removeOption, retitleOption, setOptionId } from "./optionsList";
import {
  canAddOption,
  charCount,
  deliveryOf,
  idNotes,
  MAX_BUTTON_TITLE_CHARS,
  MAX_LIST_ROWS,
  MAX_ROW_TITLE_CHARS,
  optionsNotes,
  titleNotes,
  type LimitNote,
} from "./whatsappLimits";

/** What the form's pieces need beyond their own value. */
export interface NodeFormContextValue {
  /** Every variable a text may use. */
  variables: readonly VariableField[];
  /** The contact's fields (system and custom). */
  fields: readonly VariableField[];
  /** The whole config as the form holds it, and a change of several of its keys at once. */
  config: Record<string, unknown>;
  patch: (change: Record<string, unknown>) => void;
  /** The server's issues about the node, by field (for a field the form does not show, as `language`). */
  serverErrors: ErrorSchema;
}

export const NodeFormContext = createContext<NodeFormContextValue | null>(null);

function useNodeForm(): NodeFormContextValue {
  const value = useContext(NodeFormContext);
  if (!value) throw new Error("node form piece outside its form");
  return value;
}

const invalid = (rawErrors: string[] | undefined) => (rawErrors?.length ?? 0) > 0;

/** A text the contact reads: variables suggested on `{`. */
function VariableTextWidget({ id, value, onChange, onBlur, rawErrors, disabled, readonly, required, options }: WidgetProps) {
  const { variables } = useNodeForm();
  return (
    <VariableText
      id={id}
      value={typeof value === "string" ? value : ""}
      fields={variables}
      multiline
      onChange={(v) => onChange(v === "" ? options.emptyValue : v)}
      onBlur={() => onBlur(id, value)}
      invalid={invalid(rawErrors)}
      describedBy={ariaDescribedByIds(id)}
      disabled={disabled || readonly}
      required={required}
    />
  );
}

/** The key of a contact field (`save_to`, a condition's `left`, a field to set): the keys offered. */
function FieldKeyWidget({ id, value, onChange, onBlur, rawErrors, disabled, readonly, required, options }: WidgetProps) {
  const { fields, variables } = useNodeForm();
  const listId = useId();
  return (
    <>
      <input
        id={id}
        type="text"
        list={listId}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value === "" ? options.emptyValue : e.target.value)}
        onBlur={() => onBlur(id, value)}
        aria-invalid={invalid(rawErrors) || undefined}
        aria-describedby={ariaDescribedByIds(id)}
        disabled={disabled || readonly}
        required={required}
        autoComplete="off"
      />
      <datalist id={listId}>
        {(id.includes("left") ? variables : fields).map((f) => (
          <option key={f.key} value={f.key}>
            {f.label}
          </option>
        ))}
      </datalist>
    </>
  );
}

/** A choice of the account's own things by id; a stored id no longer there is kept and named so. */
function IdSelect({ props, items }: { props: WidgetProps; items: { id: number; name: string }[] | undefined }) {
  const { t } = useI18n();
  const { id, value, onChange, onBlur, rawErrors, disabled, readonly, required } = props;
  const current = typeof value === "number" ? value : null;
  const missing = current !== null && items !== undefined && !items.some((i) => i.id === current);
  return (
    <select
      id={id}
      value={current ?? ""}
      onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      onBlur={() => onBlur(id, value)}
      aria-invalid={invalid(rawErrors) || undefined}
      aria-describedby={ariaDescribedByIds(id)}
      disabled={disabled || readonly}
      required={required}
    >
      <option value="">{t("flowForm.choose")}</option>
      {missing && <option value={current}>{t("flowForm.notFound", { value: `#${current}` })}</option>}
      {(items ?? []).map((item) => (
        <option key={item.id} value={item.id}>
          {item.name}
        </option>
      ))}
    </select>
  );
}

function DepartmentWidget(props: WidgetProps) {
  const departments = useQuery(departmentsQuery);
  return <IdSelect props={props} items={departments.data} />;
}

function AgentWidget(props: WidgetProps) {
  const users = useQuery(usersQuery);
  return <IdSelect props={props} items={users.data?.filter((u) => u.active)} />;
}

function FlowWidget(props: WidgetProps) {
  const flows = useQuery(flowsQuery);
  return <IdSelect props={props} items={flows.data} />;
}

export const widgets = {
  variableText: VariableTextWidget,
  fieldKey: FieldKeyWidget,
  department: DepartmentWidget,
  agent: AgentWidget,
  flow: FlowWidget,
};

/** Messages under a field: errors in red, notes (the options going as a list) in amber. */
function Notes({ id, notes }: { id: string; notes: LimitNote[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="node-form-notes" id={id}>
      {notes.map((n, i) => (
        <li key={i} className={n.severity === "error" ? "node-form-note-error" : "node-form-note"}>
          {n.message}
        </li>
      ))}
    </ul>
  );
}

const errorsAt = (schema: unknown, ...path: (string | number)[]): string[] => {
  let at = schema as Record<string, unknown> | undefined;
  for (const key of path) at = at?.[key] as Record<string, unknown> | undefined;
  return (at?.__errors as string[] | undefined) ?? [];
};

/**
 * A content node's options as a list (add, remove, move up and down), each a title and the id
 * that names its output port; WhatsApp's limits shown as the admin types, and whether the options
 * go as buttons or as a list.
 */
function OptionsField({ formData, onChange, fieldPathId, errorSchema, disabled, readonly }: FieldProps) {
  const { t } = useI18n();
  const options = readOptions(formData);
  const base = fieldPathId.$id;
  const set = (next: ReturnType<typeof readOptions>) => onChange(next, fieldPathId.path);
  const delivery = deliveryOf(options);
  const listNotes: LimitNote[] = [...optionsNotes(options), ...errorsAt(errorSchema).map((message) => ({ severity: "error" as const, message }))];
  const off = disabled || readonly;
  return (
    <fieldset className="node-form-options" data-testid="options-field">
      <legend>{t("flowForm.options")}</legend>
      <p className="field-hint">{t("flowForm.options.hint")}</p>
      <p className={`node-form-delivery node-form-delivery-${delivery}`} aria-live="polite" data-testid="options-delivery">
        {delivery === "buttons" ? t("flowForm.options.asButtons") : t("flowForm.options.asList")}{" "}
        <span className="muted">{t("flowForm.options.count", { n: options.length, max: MAX_LIST_ROWS })}</span>
      </p>
      <Notes id={`${base}__list`} notes={listNotes} />
      <ol className="node-form-option-list">
        {options.map((option, i) => {
          const n = i + 1;
          const max = delivery === "buttons" ? MAX_BUTTON_TITLE_CHARS : MAX_ROW_TITLE_CHARS;
          const mine = titleNotes(options, i);
          // The schema's and the server's findings say what these limits say: shown when these find nothing.
          const titleAll = mine.some((m) => m.severity === "error") ? mine : [...mine, ...errorsAt(errorSchema, i, "title").map((message) => ({ severity: "error" as const, message }))];
          const idMine = idNotes(options, i);
          const idAll = idMine.length > 0 ? idMine : errorsAt(errorSchema, i, "id").map((message) => ({ severity: "error" as const, message }));
          const titleId = `${base}_${i}_title`;
          const idId = `${base}_${i}_id`;
          const length = charCount(option.title);
          return (
            <li key={i} className="node-form-option" data-testid="option-item">
              <div className="node-form-option-head">
                <strong>{t("flowForm.options.option", { n })}</strong>
                <span className="node-form-option-actions">
                  <button type="button" className="btn btn-small" onClick={() => set(moveOption(options, i, -1))} disabled={off || i === 0} aria-label={t("flowForm.options.up", { n })}>
                    ↑
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => set(moveOption(options, i, 1))} disabled={off || i === options.length - 1} aria-label={t("flowForm.options.down", { n })}>
                    ↓
                  </button>
                  <button type="button" className="btn btn-small btn-danger-outline" onClick={() => set(removeOption(options, i))} disabled={off} aria-label={t("flowForm.options.remove", { n })}>
                    {t("flowForm.remove")}
                  </button>
                </span>
              </div>
              <div className={`field${titleAll.some((m) => m.severity === "error") ? " field-invalid" : ""}`}>
                <label htmlFor={titleId}>
                  {t("flowForm.options.title")} <span className="sr-only">{t("flowForm.options.option", { n })}</span>
                </label>
                <input
                  id={titleId}
                  value={option.title}
                  onChange={(e) => set(retitleOption(options, i, e.target.value))}
                  aria-invalid={titleAll.some((m) => m.severity === "error") || undefined}
                  aria-describedby={`${titleId}__count${titleAll.length ? ` ${titleId}__notes` : ""}`}
                  disabled={off}
                />
                <span id={`${titleId}__count`} className={`node-form-count${length > max ? " node-form-count-over" : ""}`}>
                  {t("flowForm.options.chars", { n: length, max })}
                </span>
                <Notes id={`${titleId}__notes`} notes={titleAll} />
              </div>
              <div className={`field${idAll.length ? " field-invalid" : ""}`}>
                <label htmlFor={idId}>
                  {t("flowForm.options.id")} <span className="sr-only">{t("flowForm.options.option", { n })}</span>
                </label>
                <input
                  id={idId}
                  value={option.id}
                  onChange={(e) => set(setOptionId(options, i, e.target.value))}
                  aria-invalid={idAll.length > 0 || undefined}
                  aria-describedby={idAll.length ? `${idId}__notes` : undefined}
                  disabled={off}
                  spellCheck={false}
                />
                <Notes id={`${idId}__notes`} notes={idAll} />
              </div>
            </li>
          );
        })}
      </ol>
      <button type="button" className="btn" onClick={() => set(addOption(options))} disabled={off || !canAddOption(options)}>
        {t("flowForm.options.add")}
      </button>
    </fieldset>
  );
}

/**
 * The send-template node's template: a channel's approved templates by name and language, the
 * pick setting both (`name` and `language`); a stored one no longer approved is kept and named so.
 */
function TemplateField({ formData, fieldPathId, errorSchema, disabled, readonly }: FieldProps) {
  const { t } = useI18n();
  const { config, patch, serverErrors } = useNodeForm();
  const channels = useQuery(channelsQuery);
  const [chosen, setChosen] = useState<number | null>(null);
  const channelId = chosen ?? channels.data?.[0]?.id ?? null;
  const templates = useQuery({ ...templatesQuery(channelId ?? 0), enabled: channelId !== null });
  const name = typeof formData === "string" ? formData : "";
  const language = typeof config.language === "string" ? config.language : "";
  const value = name ? `${name}\n${language}` : "";
  const listed = templates.data?.some((tp) => tp.name === name && tp.language === language) ?? true;
  const id = fieldPathId.$id;
  // The language is set with the name, so what is said about it is shown here.
  const errors = [...errorsAt(errorSchema), ...errorsAt(serverErrors, "language")];
  const off = disabled || readonly;
  return (
    <div className="node-form-template">
      <div className="field">
        <label htmlFor={`${id}__channel`}>{t("flowForm.template.channel")}</label>
        <select id={`${id}__channel`} value={channelId ?? ""} onChange={(e) => setChosen(Number(e.target.value))} disabled={off}>
          {(channels.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {channels.data?.length === 0 && <p className="field-hint">{t("flowForm.template.noChannel")}</p>}
      </div>
      <div className={`field${errors.length ? " field-invalid" : ""}`}>
        <label htmlFor={id}>{t("flowForm.template.name")}</label>
        <select
          id={id}
          value={value}
          onChange={(e) => {
            const [n, l] = e.target.value.split("\n");
            patch({ name: n || undefined, language: l || undefined });
          }}
          aria-invalid={errors.length > 0 || undefined}
          aria-describedby={errors.length ? `${id}__error` : undefined}
          disabled={off}
        >
          <option value="">{t("flowForm.choose")}</option>
          {!listed && <option value={value}>{t("flowForm.notFound", { value: `${name} (${language})` })}</option>}
          {(templates.data ?? []).map((tp) => (
            <option key={tp.id} value={`${tp.name}\n${tp.language}`}>
              {tp.name} ({tp.language})
            </option>
          ))}
        </select>
        {templates.data?.length === 0 && <p className="field-hint">{t("flowForm.template.none")}</p>}
        {errors.length > 0 && (
          <ul className="node-form-notes" id={`${id}__error`}>
            {[...new Set(errors)].map((m) => (
              <li key={m} className="node-form-note-error">
                {m}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export const fields = { options: OptionsField, template: TemplateField };

function textButton(text: TranslatableString, className: string) {
  return function TextButton({ id, onClick, disabled, registry }: IconButtonProps) {
    return (
      <button type="button" id={id} className={`btn btn-small ${className}`} onClick={onClick} disabled={disabled}>
        {registry.translateString(text)}
      </button>
    );
  };
}

/** An optional part's control: add it, take it away, or say it is not there. */
function OptionalDataControls({ id, label, onAddClick, onRemoveClick }: OptionalDataControlsTemplateProps) {
  if (onAddClick || onRemoveClick) {
    return (
      <button type="button" id={id} className={`btn btn-small node-form-optional${onRemoveClick ? " btn-danger-outline" : ""}`} onClick={onAddClick ?? onRemoveClick}>
        {label}
      </button>
    );
  }
  return (
    <p id={id} className="field-hint">
      {label}
    </p>
  );
}

export const templates = { OptionalDataControlsTemplate: OptionalDataControls };

export const buttonTemplates = {
  AddButton: textButton(TranslatableString.AddItemButton, "node-form-add"),
  CopyButton: textButton(TranslatableString.CopyButton, ""),
  MoveUpButton: textButton(TranslatableString.MoveUpButton, ""),
  MoveDownButton: textButton(TranslatableString.MoveDownButton, ""),
  RemoveButton: textButton(TranslatableString.RemoveButton, "btn-danger-outline"),
};
