// React Flow's own texts for screen readers (a node's and an edge's keyboard help, the moved
// node's announcement, the controls and the minimap), in the UI's language.
import type { AriaLabelConfig } from "@xyflow/react";
import type { MessageKey, Translate } from "../../i18n";

const directions: Record<string, MessageKey> = {
  up: "flowEditor.a11y.up",
  down: "flowEditor.a11y.down",
  left: "flowEditor.a11y.left",
  right: "flowEditor.a11y.right",
};

/** The texts for React Flow's `ariaLabelConfig`. */
export function canvasAriaLabels(t: Translate): Partial<AriaLabelConfig> {
  return {
    "node.a11yDescription.default": t("flowEditor.a11y.node"),
    "node.a11yDescription.keyboardDisabled": t("flowEditor.a11y.node"),
    "node.a11yDescription.ariaLiveMessage": ({ direction, x, y }) =>
      t("flowEditor.a11y.moved", { direction: directions[direction] ? t(directions[direction]) : direction, x, y }),
    "edge.a11yDescription.default": t("flowEditor.a11y.edge"),
    "controls.ariaLabel": t("flowEditor.a11y.controls"),
    "controls.zoomIn.ariaLabel": t("flowEditor.a11y.zoomIn"),
    "controls.zoomOut.ariaLabel": t("flowEditor.a11y.zoomOut"),
    "controls.fitView.ariaLabel": t("flowEditor.a11y.fitView"),
    "controls.interactive.ariaLabel": t("flowEditor.a11y.interactive"),
    "minimap.ariaLabel": t("flowEditor.a11y.minimap"),
    "handle.ariaLabel": t("flowEditor.a11y.handle"),
  };
}
