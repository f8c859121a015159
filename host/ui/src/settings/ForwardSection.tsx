// Who serves the chat: "Agente padrão" (S12, the contact's, applied when a chat opens for one of
// that agent's departments); "Encaminhar para agente" (S13: "Tem certeza que deseja adicionar
// esse agente?", and when another agent is assigned, "Tem certeza que deseja alterar o
// agente?" as well; the department is then removed); "Encaminhar para departamento" (S14: "Tem
// certeza que deseja salvar esse departamento?"; the history records who did it); "Encaminhar
// para fluxo" (S16: closes the service and starts the flow for the contact).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Contact, Conversation, Me } from "../api/types";
import { useI18n } from "../i18n";
import { departmentsQuery, flowsQuery, usersQuery } from "../queries/reference";
import { meQuery } from "../queries/session";
import { applyActionResult } from "../realtime/cacheSync";
import { realtime } from "../realtime/socket";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { showToast } from "../ui/toast";
import { Section } from "./Section";
import { useContactUpdate } from "./useContactUpdate";

interface Confirmation {
  question: string;
  run: () => Promise<void>;
}

/** A choice and its "Encaminhar" button, with the current one named. */
function Picker({
  label,
  placeholder,
  options,
  onPick,
  testId,
  current,
}: {
  label: string;
  placeholder: string;
  options: { id: number; name: string }[];
  onPick: (id: number, name: string) => void;
  testId: string;
  current?: ReactNode;
}) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState("");
  function submit(e: FormEvent) {
    e.preventDefault();
    const option = options.find((o) => String(o.id) === chosen);
    if (option) onPick(option.id, option.name);
  }
  return (
    <form className="picker" onSubmit={submit} data-testid={testId}>
      <label className="field">
        <span>{label}</span>
        {current}
        <div className="picker-row">
          <select value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">{placeholder}</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <button type="submit" className="btn" disabled={!chosen}>
            {t("settings.forward")}
          </button>
        </div>
      </label>
    </form>
  );
}

export function ForwardSection({ conversation: c, contact }: { conversation: Conversation; contact: Contact }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data as Me;
  const users = useQuery(usersQuery);
  const departments = useQuery(departmentsQuery);
  const flows = useQuery(flowsQuery);
  const update = useContactUpdate(c);
  const [queue, setQueue] = useState<Confirmation[]>([]);
  // "Sim" moves to the next question; "Não" (or Esc) drops them all.
  const confirmed = useRef(false);
  const agents = (users.data ?? []).filter((u) => u.active).map((u) => ({ id: u.id, name: u.name }));
  const published = (flows.data ?? []).filter((f) => f.published_revision != null);

  /** Runs an action and applies the chat it answers with (unless an event overtook it). */
  const act = async (request: () => Promise<Conversation>, message: (updated: Conversation) => string) => {
    const since = realtime.lastSeq;
    const updated = await request();
    done(updated, message(updated), since);
  };

  const done = (updated: Conversation, message: string, since: number | null) => {
    applyActionResult(queryClient, updated, me.user, since);
    showToast(message);
  };

  function assign(agentId: number, name: string) {
    const post = (replace: boolean) =>
      call(http.POST("/api/v1/conversations/{id}/assign", { params: { path: { id: c.id } }, body: { agent_id: agentId, replace } }));
    const replacing = c.agent != null && c.agent.id !== agentId;
    // Each "Sim" leads to the next question; the last one assigns.
    const last: Confirmation = {
      question: replacing ? t("forward.agentReplace") : t("forward.agentQuestion"),
      run: () => act(() => post(replacing), () => t("forward.agentDone", { name })),
    };
    setQueue(replacing ? [{ question: t("forward.agentQuestion"), run: async () => undefined }, last] : [last]);
  }

  function forward(departmentId: number, name: string) {
    setQueue([
      {
        question: t("forward.departmentQuestion"),
        run: () =>
          act(
            () => call(http.POST("/api/v1/conversations/{id}/forward", { params: { path: { id: c.id } }, body: { department_id: departmentId } })),
            () => t("forward.departmentDone", { name }),
          ),
      },
    ]);
  }

  function toFlow(flowId: number, name: string) {
    setQueue([
      {
        question: t("forward.flowQuestion", { name }),
        run: () =>
          act(
            () => call(http.POST("/api/v1/conversations/{id}/forward-to-flow", { params: { path: { id: c.id } }, body: { flow_id: flowId } })),
            () => t("forward.flowDone", { name }),
          ),
      },
    ]);
  }

  async function setDefaultAgent(value: string) {
    try {
      await update(
        call(
          http.PUT("/api/v1/contacts/{id}/default-agent", {
            params: { path: { id: contact.id } },
            body: { agent_id: value ? Number(value) : null },
          }),
        ),
      );
      showToast(t("forward.defaultAgentSaved"));
    } catch (err) {
      showToast(errorMessage(err), "error");
    }
  }

  const step = queue[0];
  return (
    <Section title={t("forward.title")} testId="section-forward">
      <label className="field" data-testid="default-agent">
        <span>{t("forward.defaultAgent")}</span>
        <select value={contact.default_agent?.id ?? ""} onChange={(e) => void setDefaultAgent(e.target.value)}>
          <option value="">{t("settings.nobody")}</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <Picker
        label={t("settings.forwardAgent")}
        placeholder={t("forward.chooseAgent")}
        options={agents}
        onPick={assign}
        testId="forward-agent"
        current={c.agent && <span className="muted picker-current">{t("forward.current", { name: c.agent.name })}</span>}
      />
      <Picker
        label={t("settings.forwardDepartment")}
        placeholder={t("forward.chooseDepartment")}
        options={departments.data ?? []}
        onPick={forward}
        testId="forward-department"
        current={c.department && <span className="muted picker-current">{t("forward.current", { name: c.department.name })}</span>}
      />
      <Picker
        label={t("forward.flow")}
        placeholder={published.length ? t("forward.chooseFlow") : t("forward.noFlows")}
        options={published}
        onPick={toFlow}
        testId="forward-flow"
      />
      <ConfirmDialog
        // A new dialog per question, so "Sim" on the first does not land on the second.
        key={queue.length}
        open={step !== undefined}
        title={t("forward.confirmTitle")}
        question={step?.question ?? ""}
        onClose={() => {
          setQueue((q) => (confirmed.current ? q.slice(1) : []));
          confirmed.current = false;
        }}
        onConfirm={async () => {
          await step!.run();
          confirmed.current = true;
        }}
      />
    </Section>
  );
}
