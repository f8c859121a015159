// "Testar fluxo" (issue 16 part 7): the side panel that plays the saved draft against the simulator
// channel as the admin's test contact. Opening it saves what is pending and starts a test run;
// "Reiniciar" starts the draft over from its entry. The conversation is on a phone-like pane
// (the simulator's own chat, where the admin types and taps as the contact); below it the node
// the run is at (a button that shows it on the canvas, where it is outlined), or how the run
// ended, the session's variables and its steps with their effects, newest last. The session is
// asked again whenever the phone hears a message, and every second while the panel is open.
// Esc closes the panel; it takes the focus when it opens.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { errorMessage } from "../../api/errors";
import { useI18n } from "../../i18n";
import { flowSessionsQuery } from "../../queries/chatService";
import { departmentsQuery, flowsQuery, usersQuery } from "../../queries/reference";
import { SimChat } from "../../simulator/SimChat";
import { startTestRun, type FlowTestRun } from "./editorApi";
import type { RunningNode } from "./editorContext";
import type { FlowDocument } from "./flowDocument";
import { sessionStatusWords } from "../sessionStatus";
import {
  effectWords,
  logicText,
  newestSessionId,
  nodeName,
  outcomeWords,
  pickSession,
  sessionWords,
  triggerWords,
  variableRows,
  type Names,
  type TestSession,
} from "./testRun";

/** How often the session is asked while the panel is open (steps taken on a timer included). */
const POLL_MS = 1000;

interface Props {
  flowId: number;
  doc: FlowDocument;
  /** Saves what is not saved yet; false when the draft could not be saved. */
  flush: () => Promise<boolean>;
  onClose: () => void;
  onShowNode: (id: string) => void;
  /** Where the run is, for the canvas to outline it (null: no run to show). */
  onRunning: (running: RunningNode | null) => void;
}

/** A run the server started; sessions up to `after` were there before it (pickSession). */
interface Started {
  run: FlowTestRun;
  after: number | null;
}

type Asking = { kind: "starting" } | { kind: "done" } | { kind: "failed"; message: string };

export function TestRunPanel({ flowId, doc, flush, onClose, onShowNode, onRunning }: Props) {
  const { t } = useI18n();
  const [asking, setAsking] = useState<Asking>({ kind: "starting" });
  // The last run started stays on screen while a restart is asked for (or refused).
  const [started, setStarted] = useState<Started | null>(null);
  /** The draft's logic when the run started: a later edit is only tested after "Reiniciar". */
  const [testedText, setTestedText] = useState<string | null>(null);
  const panel = useRef<HTMLElement>(null);
  const run = started?.run ?? null;

  const sessions = useQuery({
    ...flowSessionsQuery(run?.conversation_id ?? 0),
    enabled: run !== null,
    refetchInterval: POLL_MS,
  });
  const session = started && sessions.data ? pickSession(sessions.data, started.run.revision, started.after) : null;

  // The names the editor's pickers have loaded already; an id without one is shown as the id.
  const departments = useQuery({ ...departmentsQuery, enabled: false }).data;
  const agents = useQuery({ ...usersQuery, enabled: false }).data;
  const flows = useQuery({ ...flowsQuery, enabled: false }).data;
  const names: Names = useMemo(
    () => ({
      departments: new Map((departments ?? []).map((d) => [d.id, d.name])),
      agents: new Map((agents ?? []).map((u) => [u.id, u.name])),
      flows: new Map((flows ?? []).map((f) => [f.id, f.name])),
    }),
    [departments, agents, flows],
  );

  const queryClient = useQueryClient();
  const inFlight = useRef(false);
  /**
   * Starts a run. The sessions there before it are left out (pickSession): on a restart, up to
   * the one on screen (`shown`) — not the cached list, which the panel refreshes every second and
   * may hold the new run's already; on opening (`shown` undefined), the test chat's sessions
   * cached from an earlier opening, which nothing refreshed while the panel was closed.
   */
  const begin = useCallback(
    async (shown?: number | null) => {
      // One start at a time: a second press while one is asked for would only repeat it.
      if (inFlight.current) return;
      inFlight.current = true;
      setAsking({ kind: "starting" });
      const text = logicText(doc);
      try {
        // The server tests the saved draft: what the admin sees must be saved first.
        if (!(await flush())) {
          setAsking({ kind: "failed", message: t("flowTest.saveFirst") });
          return;
        }
        const run = await startTestRun(flowId);
        const cached = () => queryClient.getQueryData(flowSessionsQuery(run.conversation_id).queryKey);
        const after = shown !== undefined ? shown : newestSessionId(cached());
        setStarted({ run, after });
        setTestedText(text);
        setAsking({ kind: "done" });
      } catch (err) {
        setAsking({ kind: "failed", message: t("flowTest.failed", { error: errorMessage(err) }) });
      } finally {
        inFlight.current = false;
      }
    },
    [flush, flowId, doc, t, queryClient],
  );

  // Opening the panel starts a run (once: a later edit waits for "Reiniciar").
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current) return;
    opened.current = true;
    void begin();
  }, [begin]);

  useEffect(() => {
    panel.current?.focus();
  }, []);

  const node = session?.node ?? null;
  const ended = session !== null && session.status !== "waiting";
  useEffect(() => {
    onRunning(node ? { node, ended } : null);
  }, [node, ended, onRunning]);
  useEffect(() => () => onRunning(null), [onRunning]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Escape") return;
    // Taken here: the canvas's own Esc (clear the selection) is not meant.
    e.preventDefault();
    onClose();
  };

  const changed = testedText !== null && testedText !== logicText(doc);

  return (
    <section
      className="flow-test"
      aria-labelledby="flow-test-title"
      data-testid="test-run-panel"
      ref={panel}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <div className="flow-test-head">
        <h2 id="flow-test-title">{t("flowTest.title")}</h2>
        <button
          type="button"
          className="btn btn-small"
          title={t("flowTest.restartHint")}
          onClick={() => void begin(session?.id ?? started?.after ?? null)}
        >
          {t("flowTest.restart")}
        </button>
        <button type="button" className="btn btn-small" onClick={onClose}>
          {t("flowTest.close")}
        </button>
      </div>
      <p className="field-hint">{t("flowTest.note")}</p>
      {asking.kind === "starting" && (
        <p className="muted" role="status">
          {t("flowTest.starting")}
        </p>
      )}
      {asking.kind === "failed" && (
        <p className="error-text" role="alert" data-testid="test-run-error">
          {asking.message}
        </p>
      )}
      {changed && <p className="flow-test-changed">{t("flowTest.changed")}</p>}

      {run && (
        <>
          <div className="phone flow-test-phone" role="group" aria-label={t("flowTest.phone")} data-testid="test-run-phone">
            <header className="phone-header">
              <div className="phone-avatar" aria-hidden="true">
                {run.simulator.name.slice(0, 1).toUpperCase()}
              </div>
              <div className="phone-title">
                <strong>{run.simulator.name}</strong>
                <span>{t("flowTest.simulator", { phone: run.simulator.phone })}</span>
              </div>
            </header>
            <SimChat
              simKey={run.simulator.key}
              identity={{ phone: run.simulator.phone, name: run.simulator.name }}
              onMessage={() => void sessions.refetch()}
            />
          </div>
          <SessionDetails session={session} doc={doc} names={names} onShowNode={onShowNode} loadError={sessions.isError ? errorMessage(sessions.error) : null} />
        </>
      )}
    </section>
  );
}

interface SessionDetailsProps {
  session: TestSession | null;
  doc: FlowDocument;
  names: Names;
  onShowNode: (id: string) => void;
  loadError: string | null;
}

/** Where the run is (or how it ended), its variables and its steps with their effects. */
function SessionDetails({ session, doc, names, onShowNode, loadError }: SessionDetailsProps) {
  const { t } = useI18n();
  if (loadError) {
    return (
      <p className="error-text" role="alert">
        {loadError}
      </p>
    );
  }
  if (!session) return <p className="muted">{t("flowTest.waitingStart")}</p>;
  const ended = session.status !== "waiting";
  const variables = variableRows(session);
  return (
    <section className="flow-test-session" aria-labelledby="flow-test-session-title" data-testid="test-run-session">
      <h3 id="flow-test-session-title" className="sr-only">
        {t("flowTest.session")}
      </h3>
      <p className="flow-test-state" role="status" data-testid="test-run-state">
        {session.node && (
          <>
            <span>{t(ended ? "flowTest.endedAt" : "flowTest.current")} </span>
            <button
              type="button"
              className="link-button flow-test-node"
              title={t("flowTest.showNode")}
              onClick={() => onShowNode(session.node!)}
              data-testid="test-run-node"
            >
              {nodeName(doc, session.node)}
            </button>
            {" — "}
          </>
        )}
        <span>{sessionWords(session, t)}</span>
        {ended && <span className="tag flow-test-status">{sessionStatusWords(session.status, t)}</span>}
      </p>

      <h3>{t("flowTest.variables")}</h3>
      {variables.length === 0 ? (
        <p className="muted">{t("flowTest.variables.none")}</p>
      ) : (
        <table className="flow-test-variables" data-testid="test-run-variables">
          <thead>
            <tr>
              <th scope="col">{t("flowTest.variable")}</th>
              <th scope="col">{t("flowTest.value")}</th>
            </tr>
          </thead>
          <tbody>
            {variables.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">
                  <code>{name}</code>
                </th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t("flowTest.steps")}</h3>
      {session.steps.length === 0 ? (
        <p className="muted">{t("flowTest.steps.none")}</p>
      ) : (
        <ol className="flow-test-steps" data-testid="test-run-steps">
          {session.steps.map((step, i) => (
            <li key={i} className="flow-test-step" data-testid="test-run-step" data-node={step.node}>
              <div className="flow-test-step-head">
                <strong>{nodeName(doc, step.node)}</strong>
                <span className="muted"> · {triggerWords(step.trigger, t)}</span>
              </div>
              <div className="flow-test-outcome">{outcomeWords(step.outcome, step.node, doc, names, t)}</div>
              {step.effects.length > 0 && (
                <ul className="flow-test-effects">
                  {step.effects.map((effect, j) => (
                    <li key={j} className={`flow-test-effect flow-test-effect-${effect.kind}`}>
                      {effectWords(effect, names, t)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
