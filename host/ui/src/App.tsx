// Top-level path switch: the public simulator (/simulator/<key>) or the signed-in agent app.
import { usePath } from "./router";
import { AgentApp } from "./pages/AgentApp";
import { SimulatorPage } from "./simulator/SimulatorPage";

const SIMULATOR_PREFIX = "/simulator/";

export function App() {
  const path = usePath();
  if (path.startsWith(SIMULATOR_PREFIX)) {
    const key = decodeURIComponent(path.slice(SIMULATOR_PREFIX.length).split("/")[0] ?? "");
    return <SimulatorPage key={key} simKey={key} />;
  }
  return <AgentApp path={path} />;
}
