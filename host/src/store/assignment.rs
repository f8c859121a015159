//! Assignment in the store (S12–S15): the chat screen's "Encaminhar para agente" and
//! "Encaminhar para departamento", and opening a chat by a rule (specific agent, department,
//! random agent, last agent, next agent in turn, none) for flows, scheduled messages and new
//! chats. The decision is [`crate::domain::assignment::resolve`]; this gathers its facts and
//! writes the result in one transaction.

use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::messages::{MessageRecord, insert_message, open_service};
use super::tx::Dialect;
use super::views::{ConversationView, UserView};
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::Vocabulary;
use crate::domain::assignment::{
    self, Assignment, AssignmentError, AssignmentFacts, AssignmentRule, Origin, replacing_needs_confirmation,
};
use crate::domain::conversation::{ConversationKind, ConversationState};
use crate::domain::event::EventKind;
use crate::domain::message::{AuthorKind, Direction, MessageKind, MessageStatus};

/// The chat as assignment needs it: a contact chat's agent and contact.
struct Current {
    agent_id: Option<i64>,
    contact_id: Option<i64>,
}

async fn current(tx: &mut Tx, account_id: i64, conversation_id: i64) -> StoreResult<Current> {
    let (kind, agent_id, contact_id): (String, Option<i64>, Option<i64>) = tx
        .fetch_one(
            "SELECT kind, agent_id, contact_id FROM conversations WHERE account_id = $1 AND id = $2",
            args![account_id, conversation_id],
        )
        .await?;
    if kind == ConversationKind::Internal.as_str() {
        return Err(StoreError::Rejected("A comunicação interna não é atribuída a agentes ou departamentos.".into()));
    }
    Ok(Current { agent_id, contact_id })
}

async fn active_user(tx: &mut Tx, account_id: i64, user_id: i64) -> StoreResult<String> {
    let row: Option<(String,)> = tx
        .fetch_optional(
            "SELECT name FROM users WHERE account_id = $1 AND id = $2 AND active = TRUE",
            args![account_id, user_id],
        )
        .await?;
    row.map(|(name,)| name).ok_or_else(|| StoreError::Rejected("O agente deve ser um usuário ativo da conta.".into()))
}

async fn department_name(tx: &mut Tx, account_id: i64, department_id: i64) -> StoreResult<String> {
    let row: Option<(String,)> = tx
        .fetch_optional(
            "SELECT name FROM departments WHERE account_id = $1 AND id = $2",
            args![account_id, department_id],
        )
        .await?;
    row.map(|(name,)| name).ok_or_else(|| StoreError::Rejected("O departamento não existe nesta conta.".into()))
}

/// Write `assignment` on the chat, opening a service first when it is not in one; the
/// service remembers its agent (for "last agent who served").
pub(super) async fn apply(
    tx: &mut Tx,
    account_id: i64,
    conversation_id: i64,
    assignment: Assignment,
) -> StoreResult<()> {
    let now = tx.now();
    let state: (String,) =
        tx.fetch_one("SELECT state FROM conversations WHERE id = $1", args![conversation_id]).await?;
    if state.0 != ConversationState::Open.as_str() {
        open_service(tx, account_id, conversation_id, None, now).await?;
    }
    tx.execute(
        "UPDATE conversations SET agent_id = $1, department_id = $2, updated_at = $3 WHERE id = $4",
        args![assignment.agent_id, assignment.department_id, now, conversation_id],
    )
    .await?;
    if assignment.agent_id.is_some() {
        tx.execute(
            "UPDATE services SET agent_id = $1 WHERE id = (SELECT service_id FROM conversations WHERE id = $2)",
            args![assignment.agent_id, conversation_id],
        )
        .await?;
    }
    Ok(())
}

/// A system line in the history (never sent): who forwarded the chat where (S14).
pub(super) async fn system_line(tx: &mut Tx, account_id: i64, conversation_id: i64, text: &str) -> StoreResult<()> {
    let line = insert_message(
        tx,
        MessageRecord {
            account_id,
            conversation_id,
            channel_id: None,
            direction: Direction::Outbound,
            author_kind: AuthorKind::System,
            author_user_id: None,
            author_name: Some("Sistema"),
            kind: MessageKind::System,
            text: Some(text),
            payload: None,
            internal: false,
            status: MessageStatus::Received,
            provider_message_id: None,
            at: tx.now(),
        },
    )
    .await?;
    // Open chats see the line arrive like any message: a live inbox misses nothing.
    if let Some(line) = line {
        let conversation = conversation_in(tx, account_id, conversation_id).await?;
        let audience = PreviousAudience::of(&conversation);
        tx.emit(account_id, EventKind::MessageCreated, &conversation, Some(&line), audience).await?;
    }
    Ok(())
}

/// The facts a rule needs about the chat's contact and the rule's department.
async fn facts(
    tx: &mut Tx,
    account_id: i64,
    contact_id: Option<i64>,
    rule: AssignmentRule,
) -> StoreResult<AssignmentFacts> {
    let mut facts = AssignmentFacts::default();
    let department = assignment::rule_department(rule);
    if let Some(department) = department {
        department_name(tx, account_id, department).await?;
        let members: Vec<(i64,)> = tx
            .fetch_all(
                "SELECT m.user_id FROM department_members m JOIN users u ON u.id = m.user_id \
                 WHERE m.department_id = $1 AND u.active = TRUE ORDER BY m.user_id",
                args![department],
            )
            .await?;
        facts.department_members = members.into_iter().map(|(id,)| id).collect();
    }
    if let Some(contact) = contact_id {
        let default: Option<(Option<i64>,)> = tx
            .fetch_optional(
                "SELECT ct.default_agent_id FROM contacts ct JOIN users u ON u.id = ct.default_agent_id \
                 WHERE ct.id = $1 AND u.active = TRUE",
                args![contact],
            )
            .await?;
        facts.default_agent = default.and_then(|(id,)| id);
        facts.default_agent_in_department =
            facts.default_agent.is_some_and(|agent| facts.department_members.contains(&agent));
        let last: Option<(i64,)> = tx
            .fetch_optional(
                "SELECT s.agent_id FROM services s JOIN conversations c ON c.id = s.conversation_id \
                 JOIN users u ON u.id = s.agent_id \
                 WHERE c.contact_id = $1 AND s.agent_id IS NOT NULL AND u.active = TRUE ORDER BY s.opened_at DESC, s.id DESC LIMIT 1",
                args![contact],
            )
            .await?;
        facts.last_agent = last.map(|(id,)| id);
    }
    if let (true, Some(department)) = (assignment::advances_rotation(rule), department) {
        tx.execute(
            "INSERT INTO department_rotation (department_id, last_user_id) VALUES ($1, 0) ON CONFLICT DO NOTHING",
            args![department],
        )
        .await?;
        // The row lock makes hosts sharing a PostgreSQL database take turns one at a time.
        let lock = if tx.dialect() == Dialect::Postgres { " FOR UPDATE" } else { "" };
        let (last,): (i64,) = tx
            .fetch_one(
                &format!("SELECT last_user_id FROM department_rotation WHERE department_id = $1{lock}"),
                args![department],
            )
            .await?;
        facts.rotation_last = (last != 0).then_some(last);
    }
    Ok(facts)
}

impl From<AssignmentError> for StoreError {
    fn from(err: AssignmentError) -> Self {
        StoreError::Rejected(err.to_string())
    }
}

/// Open (or re-route) a chat by `rule` inside a transaction; the resulting assignment.
pub(super) async fn open_by_rule(
    tx: &mut Tx,
    account_id: i64,
    conversation_id: i64,
    rule: AssignmentRule,
    origin: Origin,
) -> StoreResult<Assignment> {
    let chat = current(tx, account_id, conversation_id).await?;
    if let AssignmentRule::Agent { agent_id } = rule {
        active_user(tx, account_id, agent_id).await?;
    }
    let facts = facts(tx, account_id, chat.contact_id, rule).await?;
    let result = assignment::resolve(rule, origin, &facts, |n| rand::random_range(0..n))?;
    if let (true, Some(department), Some(agent)) =
        (assignment::advances_rotation(rule), assignment::rule_department(rule), result.agent_id)
    {
        tx.execute(
            "UPDATE department_rotation SET last_user_id = $1 WHERE department_id = $2",
            args![agent, department],
        )
        .await?;
    }
    apply(tx, account_id, conversation_id, result).await?;
    Ok(result)
}

impl Store {
    /// "Encaminhar para agente" (S13): the agent replaces the department; replacing another
    /// agent needs `replace` (the second confirmation).
    pub async fn assign_agent(
        &self,
        by: &UserView,
        conversation_id: i64,
        agent_id: i64,
        replace: bool,
    ) -> StoreResult<ConversationView> {
        let before = self.conversation_for(by, conversation_id).await?;
        let mut tx = self.begin().await?;
        tx.acting_as(by.id);
        let chat = current(&mut tx, by.account_id, conversation_id).await?;
        active_user(&mut tx, by.account_id, agent_id).await?;
        if replacing_needs_confirmation(chat.agent_id, agent_id, replace) {
            return Err(StoreError::Conflict(
                "A conversa já tem um agente. Tem certeza que deseja alterar o agente? Envie replace: true para confirmar."
                    .into(),
            ));
        }
        apply(&mut tx, by.account_id, conversation_id, Assignment { agent_id: Some(agent_id), department_id: None })
            .await?;
        let after = conversation_in(&mut tx, by.account_id, conversation_id).await?;
        tx.emit(by.account_id, EventKind::ConversationUpdated, &after, None, PreviousAudience::of(&before)).await?;
        self.commit(tx).await?;
        Ok(after)
    }

    /// "Encaminhar para departamento" (S14): the chat goes to the department's queue (never to
    /// the default agent, S12) and the history records who forwarded it.
    pub async fn forward_to_department(
        &self,
        by: &UserView,
        conversation_id: i64,
        department_id: i64,
    ) -> StoreResult<ConversationView> {
        let before = self.conversation_for(by, conversation_id).await?;
        let mut tx = self.begin().await?;
        tx.acting_as(by.id);
        let name = department_name(&mut tx, by.account_id, department_id).await?;
        let rule = AssignmentRule::Department { department_id };
        open_by_rule(&mut tx, by.account_id, conversation_id, rule, Origin::ChatScreen).await?;
        system_line(
            &mut tx,
            by.account_id,
            conversation_id,
            &format!("{} encaminhou a conversa para o departamento {name}.", by.name),
        )
        .await?;
        let after = conversation_in(&mut tx, by.account_id, conversation_id).await?;
        tx.emit(by.account_id, EventKind::ConversationUpdated, &after, None, PreviousAudience::of(&before)).await?;
        self.commit(tx).await?;
        Ok(after)
    }

    /// Open a chat of the account by `rule`, as automation does (flows, scheduled messages,
    /// new chats): the default agent applies where S12 says it does.
    pub async fn open_with_rule(
        &self,
        account_id: i64,
        conversation_id: i64,
        rule: AssignmentRule,
    ) -> StoreResult<ConversationView> {
        let before = self.conversation(account_id, conversation_id).await?;
        let mut tx = self.begin().await?;
        open_by_rule(&mut tx, account_id, conversation_id, rule, Origin::Automation).await?;
        let after = conversation_in(&mut tx, account_id, conversation_id).await?;
        tx.emit(account_id, EventKind::ConversationUpdated, &after, None, PreviousAudience::of(&before)).await?;
        self.commit(tx).await?;
        Ok(after)
    }
}
