// The account's channels as the admin screen keeps them (CH1–CH4): the list is the shared
// `channelsQuery` (reference.ts, keys.channels), so the conversation list and "Canais" see a new
// channel at once; here the admin's writes: a simulator, a Meta channel connected, its
// credentials rotated (write-only: the answer never carries a secret).
import type { QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { components } from "../api/schema";
import { keys } from "./keys";

export type Channel = components["schemas"]["ChannelView"];
export type NewMetaChannel = components["schemas"]["CreateMetaChannel"];
export type MetaChannelPatch = components["schemas"]["UpdateMetaChannel"];

export async function createSimulatorChannel(queryClient: QueryClient, name: string): Promise<Channel> {
  const created = await call(http.POST("/api/v1/channels", { body: { kind: "simulator", name } }));
  await queryClient.invalidateQueries({ queryKey: keys.channels });
  return created;
}

export async function connectMetaChannel(queryClient: QueryClient, body: NewMetaChannel): Promise<Channel> {
  const created = await call(http.POST("/api/v1/channels/meta", { body }));
  await queryClient.invalidateQueries({ queryKey: keys.channels });
  return created;
}

export async function updateMetaChannel(queryClient: QueryClient, id: number, body: MetaChannelPatch): Promise<Channel> {
  const updated = await call(http.PATCH("/api/v1/channels/{id}", { params: { path: { id } }, body }));
  await queryClient.invalidateQueries({ queryKey: keys.channels });
  return updated;
}

export type ConnectionTest = components["schemas"]["ConnectionTest"];

/** "Testar conexão": the server reads the channel's own object at Meta and says what Meta answered. */
export async function testChannelConnection(id: number): Promise<ConnectionTest> {
  return call(http.POST("/api/v1/channels/{id}/test", { params: { path: { id } } }));
}
