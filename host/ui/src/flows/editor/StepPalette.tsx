// The palette: every step type the account may use (the shipped ones and its own uploaded flow
// steps), with its Portuguese title and description from the manifest; a click (or Enter) adds
// a node of that type at the centre of the view.
import { useI18n } from "../../i18n";
import type { StepType } from "./editorApi";

interface Props {
  steps: StepType[];
  onAdd: (step: StepType) => void;
}

export function StepPalette({ steps, onAdd }: Props) {
  const { t } = useI18n();
  return (
    <section className="flow-editor-palette" aria-labelledby="flow-palette-title" data-testid="step-palette">
      <h2 id="flow-palette-title">{t("flowEditor.palette")}</h2>
      <p className="muted">{t("flowEditor.paletteHint")}</p>
      <ul>
        {steps.map((step) => (
          <li key={step.type}>
            <button type="button" className="palette-step" onClick={() => onAdd(step)} aria-describedby={`palette-step-${step.type}`} data-step={step.type}>
              <span className="palette-step-title">
                <span className="sr-only">{t("flowEditor.add")} </span>
                {step.title}
                {step.origin === "account" && <span className="palette-step-origin">{t("flowEditor.accountStep")}</span>}
              </span>
              {/* Read as the button's description, not as part of its name. */}
              <span className="palette-step-description" id={`palette-step-${step.type}`} aria-hidden="true">
                {step.description}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
