// The /simulator/<key> route: the simulator page for that key (loaded apart from the agent app).
import { getRouteApi } from "@tanstack/react-router";
import { SimulatorPage } from "./SimulatorPage";

const route = getRouteApi("/simulator/$key");

export function SimulatorRoute() {
  const { key } = route.useParams();
  return <SimulatorPage key={key} simKey={key} />;
}
