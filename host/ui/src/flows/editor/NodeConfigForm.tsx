// A node's configuration as a form generated from its step's JSON Schema (issue 16 part 3, with
// rjsf): the schema's validation live on the fields (in the UI's language), the server's issues
// about the node on the field their pointer names (the others above the form), variables
// suggested in texts, the account's departments, agents, flows and templates to pick. The form
// edits a copy: a change reaches the document (one undo step) when the admin pauses typing or
// leaves the field.
import Form from "@rjsf/core";
import { TranslatableString, type RJSFSchema, type RJSFValidationError } from "@rjsf/utils";
import { customizeValidator } from "@rjsf/validator-ajv8";
import Ajv2020 from "ajv/dist/2020";
import { useEffect, useMemo, useRef, useState } from "react";
import type { VariableField } from "../../composer/variables";
import { hasMessage, useI18n, type Translate } from "../../i18n";
import type { Issue } from "../issues";
import { IssueText } from "../FlowIssues";
import { issuesForForm, translateErrors, uiSchemaFor, type FormLabels, type ValidationTexts } from "./nodeForm";
import { buttonTemplates, fields, NodeFormContext, templates, widgets, type NodeFormContextValue } from "./nodeFormParts";

/** The steps' schemas are JSON Schema 2020-12. */
const validator = customizeValidator({ AjvClass: Ajv2020 });
/** How long typing may pause before the change reaches the document. */
const COMMIT_DELAY_MS = 500;
const defaultsBehaviour = { arrayMinItems: { populate: "never" as const }, emptyObjectFields: "skipDefaults" as const };

type Config = Record<string, unknown>;

interface Props {
  nodeId: string;
  stepType: string;
  schema: unknown;
  config: Config;
  /** The node's issues and its place in the document (their pointers say `/nodes/<index>/…`). */
  issues: Issue[];
  nodeIndex: number;
  variables: readonly VariableField[];
  contactFields: readonly VariableField[];
  onConfig: (config: Config) => void;
}

function labelsOf(t: Translate): FormLabels {
  return {
    field: (key) => {
      const k = `flowForm.field.${key}`;
      return hasMessage(k) ? t(k) : undefined;
    },
    option: (key, value) => {
      const k = `flowForm.enum.${key}.${value}`;
      return hasMessage(k) ? t(k) : undefined;
    },
  };
}

function validationTexts(t: Translate): ValidationTexts {
  return {
    required: () => t("flowForm.err.required"),
    minLength: (n) => t("flowForm.err.minLength", { n }),
    maxLength: (n) => t("flowForm.err.maxLength", { n }),
    minimum: (n) => t("flowForm.err.minimum", { n }),
    maximum: (n) => t("flowForm.err.maximum", { n }),
    minItems: (n) => t("flowForm.err.minItems", { n }),
    maxItems: (n) => t("flowForm.err.maxItems", { n }),
    enum: () => t("flowForm.err.enum"),
    type: () => t("flowForm.err.type"),
    not: () => t("flowForm.err.not"),
    additionalProperties: (name) => t("flowForm.err.additionalProperties", { name }),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

export function NodeConfigForm({ nodeId, stepType, schema, config, issues, nodeIndex, variables, contactFields, onConfig }: Props) {
  const { t } = useI18n();
  const [data, setData] = useState<Config>(config);
  const latest = useRef(data);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const commitTo = useRef(onConfig);
  commitTo.current = onConfig;
  const stored = useRef(config);
  stored.current = config;

  const commit = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!same(latest.current, stored.current)) commitTo.current(dropUndefined(latest.current));
  };
  const change = (next: Config) => {
    latest.current = next;
    setData(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(commit, COMMIT_DELAY_MS);
  };
  // The node changed from elsewhere (undo, redo, the JSON): the form shows it as it is now.
  useEffect(() => {
    if (!same(config, latest.current) && timer.current === null) {
      latest.current = config;
      setData(config);
    }
  }, [config]);
  // Leaving the node (another selected, the panel closed): what was typed is kept.
  useEffect(() => () => commit(), []);

  const uiSchema = useMemo(() => uiSchemaFor(stepType, schema, labelsOf(t)), [stepType, schema, t]);
  const { errorSchema, general } = useMemo(() => issuesForForm(issues, nodeIndex), [issues, nodeIndex]);
  const texts = useMemo(() => validationTexts(t), [t]);
  const context: NodeFormContextValue = useMemo(
    () => ({
      variables,
      fields: contactFields,
      config: data,
      patch: (part) => change({ ...latest.current, ...part }),
      serverErrors: errorSchema,
    }),
    // `change` only touches refs and state setters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [variables, contactFields, data, errorSchema],
  );
  const translateString = (key: TranslatableString, params?: string[]) => rjsfText(t, key, params);

  return (
    <NodeFormContext.Provider value={context}>
      {general.some((i) => i.pointer === `/nodes/${nodeIndex}/config`) && (
        <ul className="flow-editor-issue-list node-form-general" aria-label={t("flowForm.general")} data-testid="config-issues">
          {general
            .filter((i) => i.pointer === `/nodes/${nodeIndex}/config`)
            .map((issue, i) => (
              <li key={i} className={`flow-issue flow-issue-${issue.severity}`}>
                <IssueText issue={issue} />
              </li>
            ))}
        </ul>
      )}
      <Form
        className="node-form"
        tagName="div"
        idPrefix={`node-${nodeId}`}
        schema={schema as RJSFSchema}
        uiSchema={uiSchema}
        formData={data}
        validator={validator}
        widgets={widgets}
        fields={fields}
        templates={{ ...templates, ButtonTemplates: buttonTemplates }}
        translateString={translateString}
        // Kept as rjsf gives it (an included part may hold only undefined values); the document gets it as JSON.
        onChange={(e) => change((e.formData ?? {}) as Config)}
        onBlur={commit}
        liveValidate="onChange"
        showErrorList={false}
        extraErrors={errorSchema}
        transformErrors={(errors: RJSFValidationError[]) => translateErrors(errors, texts)}
        noHtml5Validate
        experimental_defaultFormStateBehavior={defaultsBehaviour}
      />
    </NodeFormContext.Provider>
  );
}

/** The config without keys whose value is undefined (a field emptied), as JSON would drop them. */
function dropUndefined(config: Config): Config {
  return JSON.parse(JSON.stringify(config)) as Config;
}

/** rjsf's own texts (buttons, empty lists …) in the UI's language. */
function rjsfText(t: Translate, key: TranslatableString, params?: string[]): string {
  switch (key) {
    case TranslatableString.AddButton:
      return t("flowForm.add");
    case TranslatableString.AddItemButton:
      return t("flowForm.addItem");
    case TranslatableString.RemoveButton:
      return t("flowForm.remove");
    case TranslatableString.MoveUpButton:
      return t("flowForm.moveUp");
    case TranslatableString.MoveDownButton:
      return t("flowForm.moveDown");
    case TranslatableString.ArrayItemTitle:
      return t("flowForm.item");
    case TranslatableString.EmptyArray:
      return t("flowForm.empty");
    case TranslatableString.YesLabel:
      return t("flowForm.yes");
    case TranslatableString.NoLabel:
      return t("flowForm.no");
    case TranslatableString.OptionalObjectAdd:
      return t("flowForm.optionalAdd");
    case TranslatableString.OptionalObjectRemove:
      return t("flowForm.optionalRemove");
    case TranslatableString.OptionalObjectEmptyMsg:
      return t("flowForm.optionalEmpty");
    default: {
      let text: string = key;
      (params ?? []).forEach((p, i) => (text = text.replace(`%${i + 1}`, p)));
      return text;
    }
  }
}
