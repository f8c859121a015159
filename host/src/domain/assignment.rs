//! Who a chat goes to (S12–S15 and the flow strategies of F2): the rule that was asked for, the
//! facts about the account it needs, and the agent and department that result.
//!
//! - Assigning an agent removes the department (S13); replacing an agent is an explicit act.
//! - A department forward records who made it (S14) and never goes to the default agent.
//! - The contact's default agent (S12) takes a chat opened for a department they belong to,
//!   and then only the agent shows; never for a specific agent, a department they are not in,
//!   the last agent (even when the fallback department is theirs), or a forward from the chat.
//! - Round robin is fair per department: the member after the last one served, in a fixed
//!   order, wrapping around.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How a chat should be opened or forwarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum AssignmentRule {
    /// Neither agent nor department: the open queue.
    None,
    /// This agent, without a department.
    Agent { agent_id: i64 },
    /// This department (its members see it in "Chats abertos").
    Department { department_id: i64 },
    /// A random member of the department.
    RandomAgent { department_id: i64 },
    /// The agent who served the contact last; without one, the fallback department (if any).
    LastAgent { fallback_department_id: Option<i64> },
    /// The next member of the department in turn.
    NextAgent { department_id: i64 },
}

/// Where the rule was applied from: the chat screen's forward is never redirected to the
/// default agent (S12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// "Encaminhar para …" on the chat screen.
    ChatScreen,
    /// A flow, a scheduled message, a new chat: anything automatic.
    Automation,
}

/// What the account looks like, as far as the rule needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssignmentFacts {
    /// Active members of the rule's department, in a fixed order (by id).
    pub department_members: Vec<i64>,
    /// The contact's default agent, if any, and whether they belong to the rule's department.
    pub default_agent: Option<i64>,
    pub default_agent_in_department: bool,
    /// The agent of the contact's most recent service that had one (still active).
    pub last_agent: Option<i64>,
    /// The department member who got the department's last "next agent" chat.
    pub rotation_last: Option<i64>,
}

/// The resulting assignment of a chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Assignment {
    pub agent_id: Option<i64>,
    pub department_id: Option<i64>,
}

/// Why a rule could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    #[error("O departamento não tem agentes ativos para receber a conversa.")]
    NoAgents,
}

/// Apply `rule` from `origin`; `pick` chooses an index below its argument (random agent).
pub fn resolve(
    rule: AssignmentRule,
    origin: Origin,
    facts: &AssignmentFacts,
    pick: impl FnOnce(usize) -> usize,
) -> Result<Assignment, AssignmentError> {
    let default_agent = || match (origin, facts.default_agent) {
        (Origin::Automation, Some(agent)) if facts.default_agent_in_department => Some(agent),
        _ => None,
    };
    Ok(match rule {
        AssignmentRule::None => Assignment::default(),
        AssignmentRule::Agent { agent_id } => Assignment { agent_id: Some(agent_id), department_id: None },
        AssignmentRule::Department { department_id } => match default_agent() {
            Some(agent) => Assignment { agent_id: Some(agent), department_id: None },
            None => Assignment { agent_id: None, department_id: Some(department_id) },
        },
        AssignmentRule::RandomAgent { .. } => {
            if let Some(agent) = default_agent() {
                return Ok(Assignment { agent_id: Some(agent), department_id: None });
            }
            let members = &facts.department_members;
            if members.is_empty() {
                return Err(AssignmentError::NoAgents);
            }
            let index = pick(members.len()).min(members.len() - 1);
            Assignment { agent_id: Some(members[index]), department_id: None }
        }
        AssignmentRule::LastAgent { fallback_department_id } => match (facts.last_agent, fallback_department_id) {
            (Some(agent), _) => Assignment { agent_id: Some(agent), department_id: None },
            // The fallback is a plain department: no default agent here (S12).
            (None, department) => Assignment { agent_id: None, department_id: department },
        },
        AssignmentRule::NextAgent { .. } => {
            if let Some(agent) = default_agent() {
                return Ok(Assignment { agent_id: Some(agent), department_id: None });
            }
            let agent =
                next_in_turn(&facts.department_members, facts.rotation_last).ok_or(AssignmentError::NoAgents)?;
            Assignment { agent_id: Some(agent), department_id: None }
        }
    })
}

/// The department of a rule, if it names one (for the facts the store gathers).
pub fn rule_department(rule: AssignmentRule) -> Option<i64> {
    match rule {
        AssignmentRule::Department { department_id }
        | AssignmentRule::RandomAgent { department_id }
        | AssignmentRule::NextAgent { department_id } => Some(department_id),
        AssignmentRule::LastAgent { fallback_department_id } => fallback_department_id,
        AssignmentRule::None | AssignmentRule::Agent { .. } => None,
    }
}

/// Whether the rule's result moves the department's round-robin turn.
pub fn advances_rotation(rule: AssignmentRule) -> bool {
    matches!(rule, AssignmentRule::NextAgent { .. })
}

/// The member after `last` in `members` (sorted), wrapping around; the first when `last` is
/// unknown or has left.
pub fn next_in_turn(members: &[i64], last: Option<i64>) -> Option<i64> {
    let first = *members.first()?;
    Some(match last {
        Some(last) => members.iter().copied().find(|&m| m > last).unwrap_or(first),
        None => first,
    })
}

/// Assigning `new_agent` to a chat that has `current`: replacing someone needs the explicit
/// confirmation (S13's second "Tem certeza que deseja alterar o agente?").
pub fn replacing_needs_confirmation(current: Option<i64>, new_agent: i64, confirmed: bool) -> bool {
    matches!(current, Some(agent) if agent != new_agent) && !confirmed
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPT: i64 = 10;

    fn facts() -> AssignmentFacts {
        AssignmentFacts { department_members: vec![2, 5, 9], ..Default::default() }
    }

    fn with_default(agent: i64, in_department: bool) -> AssignmentFacts {
        AssignmentFacts { default_agent: Some(agent), default_agent_in_department: in_department, ..facts() }
    }

    fn run(rule: AssignmentRule, origin: Origin, facts: &AssignmentFacts) -> Assignment {
        resolve(rule, origin, facts, |_| 0).unwrap()
    }

    fn agent(id: i64) -> Assignment {
        Assignment { agent_id: Some(id), department_id: None }
    }

    fn department(id: i64) -> Assignment {
        Assignment { agent_id: None, department_id: Some(id) }
    }

    #[test]
    fn an_agent_assignment_has_no_department_and_none_is_the_open_queue() {
        assert_eq!(run(AssignmentRule::Agent { agent_id: 7 }, Origin::ChatScreen, &facts()), agent(7));
        assert_eq!(run(AssignmentRule::None, Origin::Automation, &facts()), Assignment::default());
    }

    #[test]
    fn a_department_chat_goes_straight_to_the_default_agent_who_belongs_to_it() {
        let rule = AssignmentRule::Department { department_id: DEPT };
        assert_eq!(run(rule, Origin::Automation, &with_default(5, true)), agent(5), "only the agent shows");
        assert_eq!(run(rule, Origin::Automation, &facts()), department(DEPT));
    }

    #[test]
    fn the_default_agent_is_skipped_in_each_of_the_four_exceptions() {
        // 1. Directly to a specific agent without a department.
        assert_eq!(run(AssignmentRule::Agent { agent_id: 2 }, Origin::Automation, &with_default(5, true)), agent(2));
        // 2. A flow forwards to a department the default agent is not in.
        let rule = AssignmentRule::Department { department_id: DEPT };
        assert_eq!(run(rule, Origin::Automation, &with_default(5, false)), department(DEPT));
        // 3. The last agent without a department, even when the fallback department is theirs.
        let last = AssignmentRule::LastAgent { fallback_department_id: Some(DEPT) };
        assert_eq!(run(last, Origin::Automation, &with_default(5, true)), department(DEPT));
        let served = AssignmentFacts { last_agent: Some(9), ..with_default(5, true) };
        assert_eq!(run(last, Origin::Automation, &served), agent(9));
        // 4. Forwarded to a department from the chat screen.
        assert_eq!(run(rule, Origin::ChatScreen, &with_default(5, true)), department(DEPT));
    }

    #[test]
    fn last_agent_falls_back_to_the_department_or_to_the_queue() {
        let served = AssignmentFacts { last_agent: Some(9), ..facts() };
        assert_eq!(
            run(AssignmentRule::LastAgent { fallback_department_id: None }, Origin::Automation, &served),
            agent(9)
        );
        assert_eq!(
            run(AssignmentRule::LastAgent { fallback_department_id: Some(DEPT) }, Origin::Automation, &facts()),
            department(DEPT)
        );
        assert_eq!(
            run(AssignmentRule::LastAgent { fallback_department_id: None }, Origin::Automation, &facts()),
            Assignment::default()
        );
    }

    #[test]
    fn a_random_agent_is_a_member_chosen_by_the_picker() {
        let rule = AssignmentRule::RandomAgent { department_id: DEPT };
        for (index, expected) in [(0, 2), (1, 5), (2, 9), (7, 9)] {
            assert_eq!(
                resolve(rule, Origin::Automation, &facts(), |n| {
                    assert_eq!(n, 3);
                    index
                })
                .unwrap(),
                agent(expected)
            );
        }
        let empty = AssignmentFacts::default();
        assert_eq!(resolve(rule, Origin::Automation, &empty, |_| 0), Err(AssignmentError::NoAgents));
    }

    #[test]
    fn next_agent_takes_turns_fairly_and_wraps_around() {
        let members = [2, 5, 9];
        assert_eq!(next_in_turn(&members, None), Some(2));
        assert_eq!(next_in_turn(&members, Some(2)), Some(5));
        assert_eq!(next_in_turn(&members, Some(5)), Some(9));
        assert_eq!(next_in_turn(&members, Some(9)), Some(2));
        // The last one served left the department: the next id after theirs.
        assert_eq!(next_in_turn(&members, Some(6)), Some(9));
        assert_eq!(next_in_turn(&[], Some(6)), None);
        let rule = AssignmentRule::NextAgent { department_id: DEPT };
        let turn = AssignmentFacts { rotation_last: Some(5), ..facts() };
        assert_eq!(run(rule, Origin::Automation, &turn), agent(9));
        assert!(advances_rotation(rule) && !advances_rotation(AssignmentRule::Department { department_id: DEPT }));
    }

    #[test]
    fn replacing_an_agent_needs_a_confirmation_but_assigning_a_free_chat_does_not() {
        assert!(!replacing_needs_confirmation(None, 3, false));
        assert!(!replacing_needs_confirmation(Some(3), 3, false), "the same agent again is no replacement");
        assert!(replacing_needs_confirmation(Some(4), 3, false));
        assert!(!replacing_needs_confirmation(Some(4), 3, true));
    }

    #[test]
    fn each_rule_names_the_department_whose_facts_it_needs() {
        assert_eq!(rule_department(AssignmentRule::NextAgent { department_id: 4 }), Some(4));
        assert_eq!(rule_department(AssignmentRule::LastAgent { fallback_department_id: Some(3) }), Some(3));
        assert_eq!(rule_department(AssignmentRule::Agent { agent_id: 1 }), None);
    }
}
