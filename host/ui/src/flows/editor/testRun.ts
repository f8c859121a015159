// The flow editor's test run (issue 16 part 7), its pure part: which of the test contact's flow
// sessions is the run's (the one on the draft's snapshot revision the server started), and the
// session put in words for the panel — where it is or how it ended, each step's trigger and
// where it went, and each step's effects ("Enviou: …", "Etiqueta "vip" adicionada", "Campo
// plano = ouro" …).
import type { components } from "../../api/schema";
import { formatDayTime } from "../../format";
import { currentLang, type MessageKey, type Translate } from "../../i18n";
import { isSessionStatus, sessionStatusWords } from "../sessionStatus";
import type { FlowDocument } from "./flowDocument";

type Schemas = components["schemas"];

/** One thing a step did, as the session's history records it. */
export type StepEffect = Schemas["StepEffect"];
/** Who a service a flow opened goes to (the open-service step's assignment rules). */
export type Assignment = Schemas["AssignmentRule"];

/**
 * A flow session; its variables are text by name, which the schema only calls an object (so
 * the generated type's `never` values are read as unknown).
 */
export type TestSession = Omit<Schemas["SessionView"], "variables"> & { variables: Record<string, unknown> };

/**
 * This test run's session among the conversation's (newest first): the newest on the run's
 * snapshot revision and newer than `after`, a session there before the run was asked for. The
 * snapshot's revision is the draft's (minus its version), so an unchanged draft tested again has
 * the same: its earlier session must not stand for the new run while the server starts it.
 */
export function pickSession(sessions: readonly TestSession[], revision: number, after: number | null): TestSession | null {
  return sessions.find((s) => s.revision === revision && (after === null || s.id > after)) ?? null;
}

/** The document's logic as text, to tell a change that matters to a run (not a moved node). */
export function logicText(doc: FlowDocument): string {
  const { ui: _layout, ...logic } = doc;
  return JSON.stringify(logic);
}

/** The newest of these sessions' ids: every session there was before a run started. */
export function newestSessionId(sessions: readonly TestSession[] | undefined): number | null {
  return sessions?.length ? Math.max(...sessions.map((s) => s.id)) : null;
}

/** Names to put in words what the ids stand for; an id without a name is shown as it is. */
export interface Names {
  departments: ReadonlyMap<number, string>;
  agents: ReadonlyMap<number, string>;
  flows: ReadonlyMap<number, string>;
}

/** A node as the canvas names it: its label, else its id. */
export function nodeName(doc: FlowDocument, id: string): string {
  return doc.nodes.find((n) => n.id === id)?.label || id;
}

const nameOf = (names: ReadonlyMap<number, string>, id: number) => names.get(id) ?? String(id);

/** A service's assignment in words: to whom the flow handed the chat. */
function assignmentWords(a: Assignment, names: Names, t: Translate): string {
  switch (a.rule) {
    case "none":
      return t("flowTest.effect.serviceQueue");
    case "agent":
      return t("flowTest.effect.serviceAgent", { agent: nameOf(names.agents, a.agent_id) });
    case "department":
      return t("flowTest.effect.serviceDepartment", { department: nameOf(names.departments, a.department_id) });
    case "random_agent":
      return t("flowTest.effect.serviceRandom", { department: nameOf(names.departments, a.department_id) });
    case "next_agent":
      return t("flowTest.effect.serviceNext", { department: nameOf(names.departments, a.department_id) });
    case "last_agent":
      return a.fallback_department_id == null
        ? t("flowTest.effect.serviceLast")
        : t("flowTest.effect.serviceLastOr", { department: nameOf(names.departments, a.fallback_department_id) });
  }
}

/** A booking's end: its time alone on the day it starts ("09:45"), else with its day too. */
function bookingEnd(startsAt: number, endsAt: number): string {
  const [start, end] = [new Date(startsAt), new Date(endsAt)];
  return start.toDateString() === end.toDateString()
    ? end.toLocaleTimeString(currentLang(), { hour: "2-digit", minute: "2-digit" })
    : formatDayTime(endsAt);
}

/** One effect of a step in words. */
export function effectWords(effect: StepEffect, names: Names, t: Translate): string {
  switch (effect.kind) {
    case "sent":
      return t("flowTest.effect.sent", { text: effect.preview });
    case "note":
      return t("flowTest.effect.note", { text: effect.text });
    case "field":
      return t("flowTest.effect.field", { key: effect.key, value: effect.value });
    case "tag":
      return t(effect.added ? "flowTest.effect.tagAdded" : "flowTest.effect.tagRemoved", { name: effect.name });
    case "variable":
      return t("flowTest.effect.variable", { name: effect.name, value: effect.value });
    case "service":
      return assignmentWords(effect.assignment, names, t);
    case "booking":
      return t("flowTest.effect.booking", { from: formatDayTime(effect.starts_at), to: bookingEnd(effect.starts_at, effect.ends_at) });
  }
}

const TRIGGERS: Record<string, MessageKey> = {
  enter: "flowTest.trigger.enter",
  message: "flowTest.trigger.message",
  timeout: "flowTest.trigger.timeout",
  wake: "flowTest.trigger.wake",
};

/** What woke a step: arriving at the node, the contact's message, a time-out, the end of a delay. */
export function triggerWords(trigger: string, t: Translate): string {
  const key = TRIGGERS[trigger];
  return key ? t(key) : trigger;
}

/**
 * Where a step went, from its outcome: a port (and the node it leads to, if any), a wait for the
 * contact, an end with its status and reason, another flow, an error.
 */
export function outcomeWords(outcome: string, from: string, doc: FlowDocument, names: Names, t: Translate): string {
  const colon = outcome.indexOf(":");
  const kind = colon < 0 ? outcome : outcome.slice(0, colon);
  const rest = colon < 0 ? "" : outcome.slice(colon + 1);
  if (kind === "wait") return t("flowTest.outcome.wait");
  if (kind === "port") {
    const to = doc.edges.find((e) => e.from.node === from && e.from.port === rest)?.to;
    return to ? t("flowTest.outcome.port", { port: rest, node: nodeName(doc, to) }) : t("flowTest.outcome.portNowhere", { port: rest });
  }
  if (kind === "flow") {
    const id = Number(rest);
    return t("flowTest.outcome.flow", { flow: Number.isInteger(id) ? nameOf(names.flows, id) : rest });
  }
  if (kind === "error") return t("flowTest.outcome.error", { why: rest });
  if (isSessionStatus(kind)) return t("flowTest.outcome.end", { status: sessionStatusWords(kind, t), reason: rest });
  return outcome;
}

/**
 * What the session does at its node: waits for the contact or for a delay, or ended there (with
 * the server's reason, "Encerrado: atendimento aberto"); its status is shown beside.
 */
export function sessionWords(session: TestSession, t: Translate): string {
  if (session.status === "waiting") {
    return t(session.waiting_for === "wake" ? "flowTest.state.sleeping" : "flowTest.state.waiting");
  }
  return session.end_reason ? t("flowTest.state.endedWhy", { reason: session.end_reason }) : t("flowTest.state.ended");
}

/** The session's variables, by name, their values as text. */
export function variableRows(session: TestSession): [string, string][] {
  return Object.entries(session.variables)
    .map(([name, value]): [string, string] => [name, typeof value === "string" ? value : JSON.stringify(value)])
    .sort(([a], [b]) => a.localeCompare(b));
}
