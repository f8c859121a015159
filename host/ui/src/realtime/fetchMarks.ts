// Where each fetch started in the event stream: a fetch's answer may predate events that
// arrived while it was in flight, so cacheSync.ts re-applies those on top of it.
import { hashKey, type QueryKey } from "@tanstack/react-query";
import { realtime } from "./socket";

const marks = new Map<string, number | null>();

/** Called by a query function just before it asks the server. */
export function noteFetchStart(queryKey: QueryKey): void {
  marks.set(hashKey(queryKey), realtime.lastSeq);
}

/** The sequence seen when the query's last fetch began, once (undefined if not marked). */
export function takeFetchStart(queryHash: string): number | null | undefined {
  const seq = marks.get(queryHash);
  marks.delete(queryHash);
  return seq;
}
