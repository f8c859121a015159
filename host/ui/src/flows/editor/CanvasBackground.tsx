// The canvas's dotted background, drawn only while the canvas is zoomed in enough to see it: the
// dots keep their 16-unit spacing in flow units, so zoomed out to 10% they came 1.6 px apart, and
// every frame of a pan or zoom rasterised hundreds of thousands of them (the 500-node flow, fitted
// to the screen, is shown at that zoom).
import { Background, useStore, type ReactFlowState } from "@xyflow/react";

/** Below this zoom the dots would be under 6 px apart: a grey wash, not a grid. */
const MIN_ZOOM = 0.4;
const GAP = 16;

const zoomedIn = (s: ReactFlowState) => s.transform[2] >= MIN_ZOOM;

export function CanvasBackground() {
  const visible = useStore(zoomedIn);
  return visible ? <Background gap={GAP} /> : null;
}
