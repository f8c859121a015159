//! One run of a conversation's flow (F3, reference c.1–c.6): what a claimed input sets off,
//! from the node it wakes to the next wait or end. Each node's step is called (no transaction
//! is open: plugins may take milliseconds, SQLite has one writer), and what it returns is turned
//! into what the store writes — messages as typed content with variables expanded and
//! templates rendered, fields validated by the account's field validator, tags, a service
//! opened by the service core's rules — in one [`FlowRun`]. A run follows a go-to-flow to the
//! other flow, stops a loop at the flow's step limit (F5), and sends a failing step to the
//! flow's error node or, without one, to a person: a contact is never stuck in a broken flow.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::Arc;

use lru::LruCache;
use parking_lot::Mutex;

use super::steps;
use crate::domain::Millis;
use crate::domain::Vocabulary;
use crate::domain::appointment::Slot as DomainSlot;
use crate::domain::assignment::AssignmentRule;
use crate::domain::content::{Content, Template, Text};
use crate::domain::conversation::{ConversationKind, ConversationState};
use crate::domain::flow::FlowDocument;
use crate::domain::flow::run::{OnMessage, Timer, Waiting, on_message, timer_counts};
use crate::plugins::bindings::flow_step::{
    Assignment, Effect, InboundMessage, OutboundMessage, Slot, StepInput, Trigger,
};
use crate::plugins::bindings::types::{Contact, Conversation, Named, Variable};
use crate::plugins::boundary::{content_of, value_from_plugin};
use crate::service::templates::TemplateValues;
use crate::service::{App, Error, Result};
use crate::store::views::{ContactView, ConversationView, CustomFieldView, MessageView};
use crate::store::{
    AccountFlows, ClaimedInput, FieldWrite, FlowAction, FlowRun, InputKind, LiveSession, RunSession, SessionOutcome,
    SessionStatus, StepEffect, StepRecord, TemplateFilter,
};

/// What the chat shows when a flow's template could not go out (C18); the contact never sees it.
pub const TEMPLATE_NOT_SENT: &str = "--- Mensagem template não enviada, verifique o fluxo ---";

/// How many flows one run may chain with go-to-flow.
const MAX_FLOW_DEPTH: u32 = 5;

/// Published revisions already read: they never change.
pub struct Revisions {
    cache: Mutex<LruCache<(i64, i64, i64), Arc<FlowDocument>>>,
}

impl Default for Revisions {
    fn default() -> Self {
        Revisions { cache: Mutex::new(LruCache::new(NonZeroUsize::new(512).expect("non-zero"))) }
    }
}

impl Revisions {
    /// Revision `revision` of flow `flow_id` of `account_id`.
    pub async fn get(&self, app: &App, account_id: i64, flow_id: i64, revision: i64) -> Result<Arc<FlowDocument>> {
        let key = (account_id, flow_id, revision);
        if let Some(doc) = self.cache.lock().get(&key) {
            return Ok(doc.clone());
        }
        let doc = Arc::new(app.store.flow_revision(account_id, flow_id, revision).await?);
        self.cache.lock().put(key, doc.clone());
        Ok(doc)
    }

    /// Revision `revision` of `flow_id` if it is still kept: a test run's snapshot of the draft
    /// may have been replaced by a newer one before its start ran.
    async fn snapshot(
        &self,
        app: &App,
        account_id: i64,
        flow_id: i64,
        revision: i64,
    ) -> Result<Option<(i64, Arc<FlowDocument>)>> {
        match self.get(app, account_id, flow_id, revision).await {
            Ok(doc) => Ok(Some((revision, doc))),
            Err(Error::NotFound) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// The newest published revision of `flow_id`, if it has one.
    async fn latest(&self, app: &App, account_id: i64, flow_id: i64) -> Result<Option<(i64, Arc<FlowDocument>)>> {
        let revision = match app.store.flow(account_id, flow_id).await {
            Ok(flow) => flow.published_revision,
            Err(crate::store::StoreError::NotFound) => None,
            Err(other) => return Err(other.into()),
        };
        match revision {
            Some(revision) => Ok(Some((revision, self.get(app, account_id, flow_id, revision).await?))),
            None => Ok(None),
        }
    }
}

/// The input validation dry-runs a node's entry with: a contact called Maria, on a simulator
/// chat in a flow, inside business hours.
pub fn dry_run_input(config: &str) -> StepInput {
    StepInput {
        config: config.to_string(),
        contact: Contact {
            id: 0,
            name: "Maria".into(),
            phone: None,
            email: None,
            birth_date: None,
            cpf: None,
            rg: None,
            client_code: None,
            cnpj: None,
            company_name: None,
            tags: vec![],
            custom_fields: vec![],
        },
        conversation: Conversation {
            id: 0,
            state: "bot".into(),
            channel_kind: "simulator".into(),
            protocol: None,
            agent: None,
            department: None,
        },
        variables: vec![],
        trigger: Trigger::Enter,
        state: None,
        now_ms: 0,
        in_business_hours: true,
        free_slots: vec![],
    }
}

/// Where a run picks a flow up.
enum Begin {
    /// Start this flow at its entry: `revision` (a test run's snapshot of the draft), or the
    /// newest published one.
    New { flow_id: i64, revision: Option<i64> },
    /// Go on in the live session, at `node`, woken by `trigger`.
    Continue { session: Box<LiveSession>, node: String, trigger: Trigger, state: Option<String> },
}

/// The flow a run is in.
struct Cursor {
    flow_id: i64,
    revision: i64,
    doc: Arc<FlowDocument>,
    /// The live session it continues (`None`: one this run started).
    existing: Option<i64>,
    variables: BTreeMap<String, String>,
    depth: u32,
}

/// How a node left.
enum Exit {
    Port(String),
    Wait { state: Option<String>, waiting: Waiting, timeout_at: Option<Millis>, wake: Option<(Millis, String)> },
    End(SessionStatus, String),
    Flow(i64),
    Failed(String),
}

impl Exit {
    /// The kind of exit as a metric label.
    fn metric_label(&self) -> &'static str {
        match self {
            Exit::Port(_) => "port",
            Exit::Wait { .. } => "wait",
            Exit::End(..) => "end",
            Exit::Flow(_) => "flow",
            Exit::Failed(_) => "error",
        }
    }
}

/// Run `input` for `app`: what to write, with `found` set only when the session is touched.
pub async fn run(app: &App, revisions: &Revisions, input: &ClaimedInput) -> Result<FlowRun> {
    let mut run = FlowRun {
        input_id: input.id,
        lease: input.lease.clone().unwrap_or_default(),
        account_id: input.account_id,
        conversation_id: input.conversation_id,
        found: None,
        found_end: None,
        session: None,
        actions: vec![],
        follow_ups: vec![],
    };
    let conversation = app.store.conversation(input.account_id, input.conversation_id).await?;
    let Some(contact_ref) = conversation.contact.as_ref().filter(|_| conversation.kind == ConversationKind::Contact)
    else {
        return Ok(run);
    };
    let live = app.store.live_session(input.conversation_id).await?;
    let flows = app.store.account_flows(input.account_id).await?;
    let kind =
        InputKind::parse(&input.kind).ok_or_else(|| Error::Internal(format!("flow input kind '{}'", input.kind)))?;
    let begin = match kind {
        InputKind::Start => {
            // A person took the chat meanwhile: no bot talks over a human.
            if conversation.state == ConversationState::Open {
                return Ok(run);
            }
            let flow_id = input.flow_id.ok_or_else(|| Error::Internal("a start without a flow".into()))?;
            if let Some(live) = &live {
                run.found = Some((live.id, live.run_seq));
                run.found_end = Some((SessionStatus::Interrupted, "outro fluxo começou".into()));
            }
            Begin::New { flow_id, revision: input.revision }
        }
        InputKind::Message => {
            let Some(live) = live else { return Ok(run) };
            let doc = revisions.get(app, input.account_id, live.flow_id, live.revision).await?;
            let message_id =
                input.message_id.ok_or_else(|| Error::Internal("a message input without its message".into()))?;
            let message = app.store.message_by_id(input.account_id, message_id).await?;
            match on_message(live.waiting(), message.text.as_deref(), &flows.settings, &doc) {
                OnMessage::Ignore => return Ok(run),
                OnMessage::Handover => {
                    run.found = Some((live.id, live.run_seq));
                    run.actions.push(FlowAction::SystemLine("O contato pediu um atendente.".into()));
                    run.actions.push(FlowAction::OpenService(AssignmentRule::None));
                    let reason = "o contato pediu um atendente".to_string();
                    run.session = Some(RunSession {
                        existing: Some(live.id),
                        flow_id: live.flow_id,
                        revision: live.revision,
                        outcome: SessionOutcome::Ended {
                            status: SessionStatus::Handover,
                            node: live.node.clone(),
                            reason,
                        },
                        variables: live.variables(),
                        steps: vec![],
                    });
                    return Ok(run);
                }
                OnMessage::Restart => {
                    run.found = Some((live.id, live.run_seq));
                    run.found_end = Some((SessionStatus::Completed, "reiniciado pelo contato".into()));
                    // A restart keeps a test run on the snapshot it tests.
                    let revision = (live.revision < 0).then_some(live.revision);
                    Begin::New { flow_id: live.flow_id, revision }
                }
                OnMessage::Jump(node) => {
                    run.found = Some((live.id, live.run_seq));
                    Begin::Continue { session: Box::new(live), node, trigger: Trigger::Enter, state: None }
                }
                OnMessage::Deliver => {
                    run.found = Some((live.id, live.run_seq));
                    let node = live.node.clone().unwrap_or_default();
                    let state = live.node_state.clone();
                    Begin::Continue {
                        session: Box::new(live),
                        node,
                        trigger: Trigger::ContactMessage(inbound(&message)),
                        state,
                    }
                }
            }
        }
        InputKind::Timeout | InputKind::Wake | InputKind::Expire => {
            let timer = match kind {
                InputKind::Timeout => Timer::Timeout,
                InputKind::Wake => Timer::Wake,
                _ => Timer::Expire,
            };
            let Some(live) = live.filter(|l| Some(l.id) == input.session_id) else { return Ok(run) };
            if !timer_counts(timer, input.run_seq.unwrap_or(-1), live.run_seq, live.waiting()) {
                return Ok(run);
            }
            run.found = Some((live.id, live.run_seq));
            match timer {
                Timer::Expire => {
                    let reason = "o contato não respondeu a tempo".to_string();
                    run.session = Some(RunSession {
                        existing: Some(live.id),
                        flow_id: live.flow_id,
                        revision: live.revision,
                        outcome: SessionOutcome::Ended {
                            status: SessionStatus::Expired,
                            node: live.node.clone(),
                            reason,
                        },
                        variables: live.variables(),
                        steps: vec![],
                    });
                    return Ok(run);
                }
                Timer::Timeout => {
                    let node = live.node.clone().unwrap_or_default();
                    let state = live.node_state.clone();
                    Begin::Continue { session: Box::new(live), node, trigger: Trigger::Timeout, state }
                }
                Timer::Wake => {
                    let node = live.node.clone().unwrap_or_default();
                    let state = live.node_state.clone();
                    let woke = Trigger::Scheduled(input.payload.clone().unwrap_or_default());
                    Begin::Continue { session: Box::new(live), node, trigger: woke, state }
                }
            }
        }
    };
    let contact = app.store.contact(input.account_id, contact_ref.id).await?;
    let custom_fields = app.store.custom_fields(input.account_id).await?;
    let timezone = app.store.account(input.account_id).await?.timezone;
    let mut exec =
        Exec { app, revisions, conversation, contact, custom_fields, flows, timezone, free_slots: None, run };
    exec.execute(begin).await?;
    Ok(exec.run)
}

/// A contact's message as a step sees it: a tapped button or list row carries its id.
fn inbound(message: &MessageView) -> InboundMessage {
    let reply = message.payload.as_ref().map(|p| &p["reply"]);
    let reply_id = reply
        .and_then(|r| r.get("id").and_then(|id| id.as_str()).or_else(|| r.get("payload").and_then(|p| p.as_str())))
        .map(str::to_string);
    InboundMessage { kind: message.kind.as_str().to_string(), text: message.text.clone(), reply_id }
}

/// A run in progress.
struct Exec<'a> {
    app: &'a App,
    revisions: &'a Revisions,
    conversation: ConversationView,
    /// The contact as the steps see it, with what this run already wrote.
    contact: ContactView,
    custom_fields: Vec<CustomFieldView>,
    flows: AccountFlows,
    timezone: String,
    /// The account's free appointment slots, read when a step first asks for them.
    free_slots: Option<Vec<DomainSlot>>,
    run: FlowRun,
}

impl Exec<'_> {
    /// The free slots as a scheduling step is handed them.
    async fn free_slots(&mut self) -> Result<Vec<Slot>> {
        if self.free_slots.is_none() {
            self.free_slots = Some(self.app.free_slots(self.run.account_id).await?);
        }
        let free = self.free_slots.as_deref().unwrap_or_default();
        Ok(free
            .iter()
            .map(|slot| Slot {
                start_ms: slot.start,
                end_ms: slot.end,
                local: slot.local.clone(),
                weekday: slot.weekday,
            })
            .collect())
    }

    async fn execute(&mut self, begin: Begin) -> Result<()> {
        let (mut cursor, mut node, mut trigger, mut state) = match begin {
            Begin::New { flow_id, revision } => {
                let start = match revision {
                    Some(revision) => self.revisions.snapshot(self.app, self.run.account_id, flow_id, revision).await?,
                    None => self.revisions.latest(self.app, self.run.account_id, flow_id).await?,
                };
                let Some((revision, doc)) = start else {
                    // The flow was deleted or never published: nothing starts (and nothing ends).
                    self.run.found = None;
                    self.run.found_end = None;
                    return Ok(());
                };
                let entry = doc.entry.clone();
                let variables = doc.initial_variables();
                (Cursor { flow_id, revision, doc, existing: None, variables, depth: 0 }, entry, Trigger::Enter, None)
            }
            Begin::Continue { session, node, trigger, state } => {
                let doc = self.revisions.get(self.app, self.run.account_id, session.flow_id, session.revision).await?;
                let variables = session.variables();
                let cursor = Cursor {
                    flow_id: session.flow_id,
                    revision: session.revision,
                    doc,
                    existing: Some(session.id),
                    variables,
                    depth: 0,
                };
                (cursor, node, trigger, state)
            }
        };
        let mut steps: Vec<StepRecord> = Vec::new();
        let mut taken: u32 = 0;
        let mut failed_once = false;
        let now = self.app.store.now();
        loop {
            let actions_before = self.run.actions.len();
            let variables_before = cursor.variables.clone();
            let exit = if taken >= cursor.doc.max_steps_per_run() {
                Exit::Failed("o fluxo passou do limite de passos numa execução (um laço sem espera?)".into())
            } else {
                taken += 1;
                self.step(&cursor.doc, &mut cursor.variables, &node, &trigger, state.clone(), now).await?
            };
            let effects = self.run.actions[actions_before..].iter().flat_map(StepEffect::of);
            let mut effects: Vec<StepEffect> = effects.collect();
            effects.extend(StepEffect::variables_set(&variables_before, &cursor.variables));
            let trigger_name = match &trigger {
                Trigger::Enter => "enter",
                Trigger::ContactMessage(_) => "message",
                Trigger::Timeout => "timeout",
                Trigger::Scheduled(_) => "wake",
            };
            let outcome = match &exit {
                Exit::Port(port) => format!("port:{port}"),
                Exit::Wait { .. } => "wait".to_string(),
                Exit::End(status, reason) => format!("{}:{reason}", status.as_str()),
                Exit::Flow(flow) => format!("flow:{flow}"),
                Exit::Failed(why) => format!("error:{why}"),
            };
            let step_type = cursor.doc.node(&node).map_or("unknown", |n| n.step.as_str());
            crate::metrics::flow_step(step_type, exit.metric_label());
            steps.push(StepRecord { node: node.clone(), trigger: trigger_name.into(), outcome, effects });
            let ended = |status, reason: String, node: &str| SessionOutcome::Ended {
                status,
                node: Some(node.to_string()),
                reason,
            };
            let outcome = match exit {
                Exit::Port(port) => match cursor.doc.target(&node, &port) {
                    Some(to) => {
                        node = to.to_string();
                        trigger = Trigger::Enter;
                        state = None;
                        continue;
                    }
                    None => {
                        Some(ended(SessionStatus::Completed, format!("a saída \"{port}\" não leva a nenhum nó"), &node))
                    }
                },
                Exit::Wait { state: wait_state, waiting, timeout_at, wake } => {
                    let expire_at = (waiting == Waiting::Input).then(|| now + cursor.doc.inactivity_ms());
                    Some(SessionOutcome::Waiting {
                        node: node.clone(),
                        state: wait_state,
                        waiting,
                        timeout_at,
                        wake,
                        expire_at,
                    })
                }
                Exit::End(status, reason) => Some(ended(status, reason, &node)),
                Exit::Flow(flow_id) => {
                    let next = if cursor.depth + 1 >= MAX_FLOW_DEPTH {
                        None
                    } else {
                        self.revisions.latest(self.app, self.run.account_id, flow_id).await?
                    };
                    match next {
                        Some((revision, doc)) => {
                            if let Some(existing) = cursor.existing {
                                // The session this run continued ends here; the other flow is a new one.
                                debug_assert_eq!(self.run.found.map(|f| f.0), Some(existing));
                                self.run.found_end =
                                    Some((SessionStatus::Completed, format!("foi para o fluxo {flow_id}")));
                            }
                            node = doc.entry.clone();
                            let variables = doc.initial_variables();
                            cursor =
                                Cursor { flow_id, revision, doc, existing: None, variables, depth: cursor.depth + 1 };
                            trigger = Trigger::Enter;
                            state = None;
                            continue;
                        }
                        None => {
                            let why = format!(
                                "o fluxo {flow_id} não existe, não está publicado ou a cadeia de fluxos é longa demais"
                            );
                            self.failed(&cursor, &mut node, &mut trigger, &mut state, &mut failed_once, why)
                        }
                    }
                }
                Exit::Failed(why) => self.failed(&cursor, &mut node, &mut trigger, &mut state, &mut failed_once, why),
            };
            match outcome {
                Some(outcome) => {
                    self.run.session = Some(RunSession {
                        existing: cursor.existing,
                        flow_id: cursor.flow_id,
                        revision: cursor.revision,
                        outcome,
                        variables: cursor.variables.clone(),
                        steps,
                    });
                    return Ok(());
                }
                // Off to the flow's error node.
                None => continue,
            }
        }
    }

    /// A step failed: go to the flow's error node once, else hand the chat to a person. `None`
    /// when the run goes on at the error node.
    fn failed(
        &mut self,
        cursor: &Cursor,
        node: &mut String,
        trigger: &mut Trigger,
        state: &mut Option<String>,
        failed_once: &mut bool,
        why: String,
    ) -> Option<SessionOutcome> {
        let line = format!("O fluxo \"{}\" falhou no nó \"{node}\": {why}.", cursor.doc.name);
        if let Some(target) = cursor.doc.settings.on_error.as_ref().filter(|_| !*failed_once)
            && cursor.doc.node(target).is_some()
        {
            *failed_once = true;
            self.run.actions.push(FlowAction::SystemLine(line));
            *node = target.clone();
            *trigger = Trigger::Enter;
            *state = None;
            return None;
        }
        self.run.actions.push(FlowAction::SystemLine(format!("{line} O chat foi para a fila de atendimento.")));
        self.run.actions.push(FlowAction::OpenService(AssignmentRule::None));
        Some(SessionOutcome::Ended { status: SessionStatus::Failed, node: Some(node.clone()), reason: why })
    }

    /// Run `node` of the cursor's flow, woken by `trigger`, and turn what its step returns into
    /// actions; how it leaves.
    async fn step(
        &mut self,
        doc: &FlowDocument,
        variables: &mut BTreeMap<String, String>,
        node_id: &str,
        trigger: &Trigger,
        state: Option<String>,
        now: Millis,
    ) -> Result<Exit> {
        let Some(node) = doc.node(node_id) else {
            return Ok(Exit::Failed(format!("o nó \"{node_id}\" não existe")));
        };
        let plugin = match steps::resolve(&self.app.plugins, &self.app.store, self.run.account_id, node).await {
            Ok(plugin) => plugin,
            Err(why) => return Ok(Exit::Failed(why)),
        };
        let input = StepInput {
            config: node.config.to_string(),
            contact: crate::plugins::service::snapshot(&self.contact, &self.custom_fields),
            conversation: self.conversation_snapshot(),
            variables: variables
                .iter()
                .map(|(name, value)| Variable { name: name.clone(), value: value.clone() })
                .collect(),
            trigger: trigger.clone(),
            state: state.clone(),
            now_ms: now,
            in_business_hours: self.flows.settings.business_hours.open_at(now, &self.timezone),
            free_slots: if plugin.manifest.free_slots { self.free_slots().await? } else { Vec::new() },
        };
        let effects = match self.app.plugins.runtime.run_step(&plugin, input).await {
            Ok(effects) => effects,
            Err(failure) => return Ok(Exit::Failed(format!("a etapa \"{}\" falhou: {failure}", node.step))),
        };
        let author = doc.name.clone();
        let mut exit = None;
        for effect in effects {
            match effect {
                Effect::Send(message) => match self.content(&message, variables).await? {
                    Some(content) => self.run.actions.push(FlowAction::Send { content, author: author.clone() }),
                    None => {
                        // C18: the flow stops for this contact; the chat says why, the contact sees nothing.
                        self.run.actions.push(FlowAction::SystemLine(TEMPLATE_NOT_SENT.into()));
                        exit.get_or_insert(Exit::End(SessionStatus::Failed, "template não enviado".into()));
                    }
                },
                Effect::SetField((key, value)) => {
                    let Ok(value) = value_from_plugin(value) else {
                        exit.get_or_insert(Exit::Failed(format!("o valor do campo \"{key}\" é inválido")));
                        continue;
                    };
                    let text = value.stored_text().unwrap_or_default();
                    match self.app.field_write(self.run.account_id, &key, &text).await {
                        Ok(write) => self.write(write),
                        Err(Error::Invalid(why)) => {
                            exit.get_or_insert(Exit::Failed(format!("o campo \"{key}\" não aceitou o valor: {why}")));
                        }
                        Err(other) => return Err(other),
                    }
                }
                Effect::SaveReply((key, input)) => {
                    match self.app.field_write(self.run.account_id, &key, &input).await {
                        Ok(write) => self.write(write),
                        Err(Error::Invalid(why)) => {
                            // The validator's words, and the same wait again; the step's other effects are dropped.
                            self.run
                                .actions
                                .push(FlowAction::Send { content: Content::Text(Text::plain(&why)), author });
                            return Ok(Exit::Wait { state, waiting: Waiting::Input, timeout_at: None, wake: None });
                        }
                        Err(other) => return Err(other),
                    }
                }
                Effect::AddTag(name) => {
                    if !self.contact.tags.iter().any(|t| t.name == name) {
                        self.contact.tags.push(crate::store::views::TagView {
                            id: 0,
                            name: name.clone(),
                            automation_only: false,
                        });
                    }
                    self.run.actions.push(FlowAction::Tag { name, add: true });
                }
                Effect::RemoveTag(name) => {
                    self.contact.tags.retain(|t| t.name != name);
                    self.run.actions.push(FlowAction::Tag { name, add: false });
                }
                Effect::OpenService(assignment) => {
                    self.run.actions.push(FlowAction::OpenService(rule(assignment)));
                    exit.get_or_insert(Exit::End(SessionStatus::Handover, "atendimento aberto".into()));
                }
                Effect::Schedule((at, wake_state)) => {
                    exit.get_or_insert(Exit::Wait {
                        state: Some(wake_state.clone()),
                        waiting: Waiting::Wake,
                        timeout_at: None,
                        wake: Some((at, wake_state)),
                    });
                }
                Effect::WaitForInput(wait) => {
                    let timeout_at = wait.timeout_ms.map(|ms| now + i64::try_from(ms).unwrap_or(i64::MAX / 2));
                    exit.get_or_insert(Exit::Wait {
                        state: Some(wait.state),
                        waiting: Waiting::Input,
                        timeout_at,
                        wake: None,
                    });
                }
                Effect::GoTo(port) => {
                    exit.get_or_insert(Exit::Port(port));
                }
                Effect::SetVariable(variable) => {
                    variables.insert(variable.name, variable.value);
                }
                Effect::GoToFlow(flow_id) => {
                    exit.get_or_insert(Exit::Flow(flow_id));
                }
                Effect::End(reason) => {
                    exit.get_or_insert(Exit::End(SessionStatus::Completed, reason));
                }
                Effect::Book((starts_at, ends_at)) => {
                    // Only a slot offered to the step can be booked.
                    let offered = self
                        .free_slots
                        .as_ref()
                        .is_some_and(|free| free.iter().any(|s| s.start == starts_at && s.end == ends_at));
                    if !offered {
                        exit.get_or_insert(Exit::Failed("a etapa pediu um horário que não está livre".into()));
                        continue;
                    }
                    self.run.actions.push(FlowAction::Book { starts_at, ends_at, flow_name: author.clone() });
                }
            }
        }
        Ok(exit.unwrap_or_else(|| Exit::End(SessionStatus::Completed, "a etapa não indicou por onde seguir".into())))
    }

    /// A field write: into the actions, and into the contact the next steps see.
    fn write(&mut self, write: FieldWrite) {
        match &write {
            FieldWrite::Custom { key, value } => {
                self.contact.custom_fields.insert(key.clone(), value.clone());
            }
            FieldWrite::System(patch) => {
                let set = |slot: &mut Option<String>, value: &Option<String>| {
                    if let Some(value) = value {
                        *slot = (!value.is_empty()).then(|| value.clone());
                    }
                };
                if let Some(name) = &patch.name {
                    self.contact.name = name.clone();
                }
                set(&mut self.contact.email, &patch.email);
                set(&mut self.contact.phone, &patch.phone);
                set(&mut self.contact.birth_date, &patch.birth_date);
                set(&mut self.contact.cpf, &patch.cpf);
                set(&mut self.contact.rg, &patch.rg);
                set(&mut self.contact.client_code, &patch.client_code);
                set(&mut self.contact.cnpj, &patch.cnpj);
            }
        }
        self.run.actions.push(FlowAction::SetField(write));
    }

    /// What a step's message sends, variables expanded; a template found on the chat's number
    /// and rendered. `None` when the template cannot go out (C18).
    async fn content(
        &self,
        message: &OutboundMessage,
        variables: &BTreeMap<String, String>,
    ) -> Result<Option<Content>> {
        let pairs: Vec<(String, String)> = variables.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        if let OutboundMessage::Template(send) = message {
            return self.template(&send.name, &send.language, &send.parameters, &pairs).await;
        }
        let Some(mut content) = content_of(message) else { return Ok(None) };
        let body = match &mut content {
            Content::Text(text) => &mut text.body,
            Content::Interactive(interactive) => &mut interactive.body,
            _ => return Ok(Some(content)),
        };
        let expanded = self.app.expand(self.run.account_id, &self.contact, body, &pairs).await?;
        *body = expanded.text.trim().to_string();
        Ok(Some(content))
    }

    async fn template(
        &self,
        name: &str,
        language: &str,
        parameters: &[String],
        variables: &[(String, String)],
    ) -> Result<Option<Content>> {
        let Some(channel) = &self.conversation.channel else { return Ok(None) };
        let filter = TemplateFilter {
            channel_id: Some(channel.id),
            search: Some(name.to_string()),
            ..TemplateFilter::default()
        };
        let found = self.app.store.templates(self.run.account_id, &filter).await?;
        let Some(template) = found.into_iter().find(|t| t.name == name && t.language == language) else {
            return Ok(None);
        };
        if template.sendable_on(Some(channel.id)).is_err() {
            return Ok(None);
        }
        let mut positional = Vec::with_capacity(parameters.len());
        for parameter in parameters {
            positional.push(self.app.expand(self.run.account_id, &self.contact, parameter, variables).await?.text);
        }
        let values = TemplateValues { positional, named: Default::default() };
        match self.app.render_template(self.run.account_id, &template, &values).await {
            Ok(rendered) => Ok(Some(Content::Template(Template {
                id: template.id,
                name: template.name,
                language: template.language,
                category: template.category,
                components: rendered.components,
                preview: rendered.preview,
            }))),
            Err(Error::Invalid(_) | Error::PluginUnavailable(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }

    fn conversation_snapshot(&self) -> Conversation {
        let c = &self.conversation;
        let named = |r: &crate::store::views::NamedRef| Named { id: r.id, name: r.name.clone() };
        Conversation {
            id: c.id,
            state: c.state.as_str().to_string(),
            channel_kind: c.channel.as_ref().map(|ch| ch.kind.clone()).unwrap_or_default(),
            protocol: c.protocol.clone(),
            agent: c.agent.as_ref().map(named),
            department: c.department.as_ref().map(named),
        }
    }
}

/// The service core's rule for a step's assignment.
fn rule(assignment: Assignment) -> AssignmentRule {
    match assignment {
        Assignment::None => AssignmentRule::None,
        Assignment::Department(department_id) => AssignmentRule::Department { department_id },
        Assignment::Agent(agent_id) => AssignmentRule::Agent { agent_id },
        Assignment::RandomAgent(department_id) => AssignmentRule::RandomAgent { department_id },
        Assignment::LastAgent(fallback_department_id) => AssignmentRule::LastAgent { fallback_department_id },
        Assignment::NextInSequence(department_id) => AssignmentRule::NextAgent { department_id },
    }
}
