//! The rules of a scheduled template message (S7): when it may be scheduled for, and how the
//! chat is opened when it goes out — "Abrir atendimento?" no: not opened; yes with an agent
//! and/or a department: for them; yes with neither: opened without agent and department.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Millis;
use super::assignment::{Assignment, AssignmentRule};

/// Furthest ahead a message may be scheduled (a year).
pub const MAX_AHEAD: Millis = 366 * 24 * 3_600_000;

/// Whom the chat is opened for when the message goes out ("Abrir atendimento?" yes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Opening {
    /// "Encaminhar para agente".
    pub agent_id: Option<i64>,
    /// "Encaminhar para departamento".
    pub department_id: Option<i64>,
}

/// How the chat is opened: by a rule (the default agent applies where S12 says it does), or
/// for the agent and the department both, as chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpeningPlan {
    Rule(AssignmentRule),
    Both(Assignment),
}

/// The opening chosen in the form: `None` when the chat is not to be opened; an agent or a
/// department without "Abrir atendimento?" is a contradiction the agent must resolve.
pub fn opening(
    open_service: bool,
    agent_id: Option<i64>,
    department_id: Option<i64>,
) -> Result<Option<Opening>, String> {
    match (open_service, agent_id.is_some() || department_id.is_some()) {
        (true, _) => Ok(Some(Opening { agent_id, department_id })),
        (false, false) => Ok(None),
        (false, true) => {
            Err("Agente e departamento só valem com \"Abrir atendimento?\" = sim (open_service: true).".to_string())
        }
    }
}

/// How `opening` opens the chat.
pub fn plan(opening: Opening) -> OpeningPlan {
    match (opening.agent_id, opening.department_id) {
        (Some(agent_id), None) => OpeningPlan::Rule(AssignmentRule::Agent { agent_id }),
        (None, Some(department_id)) => OpeningPlan::Rule(AssignmentRule::Department { department_id }),
        (None, None) => OpeningPlan::Rule(AssignmentRule::None),
        (Some(agent), Some(department)) => {
            OpeningPlan::Both(Assignment { agent_id: Some(agent), department_id: Some(department) })
        }
    }
}

/// Whether `at` is a time the message may be scheduled for, seen at `now`.
pub fn check_send_at(now: Millis, at: Millis) -> Result<(), String> {
    if at <= now {
        Err("A data de envio já passou: escolha uma data e hora futuras.".into())
    } else if at > now + MAX_AHEAD {
        Err("A data de envio deve estar dentro de um ano.".into())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chat_opens_for_whoever_was_chosen_and_for_nobody_when_neither_was() {
        let open = |agent, department| plan(Opening { agent_id: agent, department_id: department });
        assert_eq!(open(Some(7), None), OpeningPlan::Rule(AssignmentRule::Agent { agent_id: 7 }));
        assert_eq!(open(None, Some(3)), OpeningPlan::Rule(AssignmentRule::Department { department_id: 3 }));
        assert_eq!(open(None, None), OpeningPlan::Rule(AssignmentRule::None), "open without agent and department");
        assert_eq!(open(Some(7), Some(3)), OpeningPlan::Both(Assignment { agent_id: Some(7), department_id: Some(3) }));
    }

    #[test]
    fn agent_and_department_need_the_chat_to_be_opened() {
        assert_eq!(opening(false, None, None), Ok(None), "not opened");
        assert_eq!(opening(true, None, None), Ok(Some(Opening::default())));
        assert_eq!(opening(true, Some(1), None), Ok(Some(Opening { agent_id: Some(1), department_id: None })));
        assert!(opening(false, Some(1), None).unwrap_err().contains("Abrir atendimento?"));
        assert!(opening(false, None, Some(2)).is_err());
    }

    #[test]
    fn the_send_time_is_in_the_future_and_within_a_year() {
        let now = 1_800_000_000_000;
        assert!(check_send_at(now, now + 60_000).is_ok());
        assert!(check_send_at(now, now).unwrap_err().contains("já passou"));
        assert!(check_send_at(now, now - 1).is_err());
        assert!(check_send_at(now, now + MAX_AHEAD).is_ok());
        assert!(check_send_at(now, now + MAX_AHEAD + 1).unwrap_err().contains("um ano"));
    }
}
