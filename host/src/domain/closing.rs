//! The closing pipeline's rules (K1–K3, K5): what a close request asks for, the closing
//! message it sends, when a scheduled close happens and what a contact's message does to it,
//! and what each closing field does to the contact's stored value.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Millis;
use crate::vocabulary;

/// Longest a close may be scheduled ahead, in minutes (30 days).
pub const MAX_SCHEDULE_MINUTES: i64 = 30 * 24 * 60;

vocabulary! {
    /// "Caso o usuário responda" (K2).
    pub enum IfContactWrites {
        /// "Não cancelar o encerramento": close at the time anyway.
        Keep = "keep",
        /// "Cancelar o encerramento": a contact message before the time cancels it.
        Cancel = "cancel",
    }
}

/// When the service ends: now, or `minutes` from `now` (K2).
pub fn close_at(now: Millis, minutes: Option<i64>) -> Result<Option<Millis>, String> {
    match minutes {
        None => Ok(None),
        Some(m) if (1..=MAX_SCHEDULE_MINUTES).contains(&m) => Ok(Some(now + m * 60_000)),
        Some(_) => Err(format!(
            "O tempo de encerramento deve ser de 1 a {MAX_SCHEDULE_MINUTES} minutos; deixe vazio para encerrar agora."
        )),
    }
}

/// Whether a contact's message cancels a scheduled close with this policy.
pub fn contact_message_cancels(policy: IfContactWrites) -> bool {
    policy == IfContactWrites::Cancel
}

/// The closing message to send (K3): the request's own when it gives one (blank = none),
/// else the user's default from their profile.
pub fn closing_message(requested: Option<Option<&str>>, profile_default: Option<&str>) -> Option<String> {
    let chosen = match requested {
        Some(text) => text,
        None => profile_default,
    };
    chosen.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// What the agent typed into one closing field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosingFieldInput {
    /// The field's key.
    pub key: String,
    /// What was typed; blank means nothing was.
    #[serde(default)]
    pub value: String,
    /// "Excluir valor atual": with a blank optional field, remove the stored value.
    #[serde(default)]
    pub clear_current: bool,
}

/// A closing field as the admin configured it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosingFieldRule {
    pub key: String,
    pub label: String,
    pub required: bool,
}

/// What a close does to one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldAction {
    /// Validate this input (the validator refuses a blank required field) and store it.
    Validate { key: String, input: String, required: bool },
    /// Optional, blank, "Excluir valor atual" checked: remove the stored value.
    Clear { key: String },
    /// Optional, blank, unchecked: leave the stored value as it is.
    Keep,
}

/// The action for every configured field; an input for a field that is not configured is an
/// error that names it.
pub fn field_actions(rules: &[ClosingFieldRule], inputs: &[ClosingFieldInput]) -> Result<Vec<FieldAction>, String> {
    if let Some(unknown) = inputs.iter().find(|i| !rules.iter().any(|r| r.key == i.key)) {
        return Err(format!("O campo '{}' não faz parte do encerramento.", unknown.key));
    }
    Ok(rules
        .iter()
        .map(|rule| {
            let input = inputs.iter().find(|i| i.key == rule.key);
            let typed = input.map(|i| i.value.trim()).unwrap_or_default();
            match (typed.is_empty(), rule.required, input.is_some_and(|i| i.clear_current)) {
                (true, false, true) => FieldAction::Clear { key: rule.key.clone() },
                (true, false, false) => FieldAction::Keep,
                _ => FieldAction::Validate { key: rule.key.clone(), input: typed.to_string(), required: rule.required },
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(key: &str, required: bool) -> ClosingFieldRule {
        ClosingFieldRule { key: key.into(), label: key.to_uppercase(), required }
    }

    fn input(key: &str, value: &str, clear: bool) -> ClosingFieldInput {
        ClosingFieldInput { key: key.into(), value: value.into(), clear_current: clear }
    }

    #[test]
    fn a_close_is_now_or_some_minutes_ahead() {
        assert_eq!(close_at(1000, None), Ok(None));
        assert_eq!(close_at(1000, Some(30)), Ok(Some(1000 + 30 * 60_000)));
        assert!(close_at(1000, Some(0)).unwrap_err().contains("1 a"));
        assert!(close_at(1000, Some(-5)).is_err());
        assert!(close_at(1000, Some(MAX_SCHEDULE_MINUTES + 1)).is_err());
    }

    #[test]
    fn only_the_cancel_policy_is_cancelled_by_the_contact() {
        assert!(contact_message_cancels(IfContactWrites::Cancel));
        assert!(!contact_message_cancels(IfContactWrites::Keep));
    }

    #[test]
    fn the_profile_default_prefills_the_closing_message_and_can_be_cleared_or_replaced() {
        assert_eq!(closing_message(None, Some("Obrigado!")), Some("Obrigado!".into()));
        assert_eq!(closing_message(Some(None), Some("Obrigado!")), None, "cleared");
        assert_eq!(closing_message(Some(Some("  ")), Some("Obrigado!")), None, "blanked");
        assert_eq!(closing_message(Some(Some("Até logo")), Some("Obrigado!")), Some("Até logo".into()));
        assert_eq!(closing_message(None, None), None);
        assert_eq!(closing_message(None, Some("   ")), None, "a blank profile default sends nothing");
    }

    #[test]
    fn each_field_is_validated_cleared_or_kept() {
        let rules = [rule("motivo", true), rule("nota", false), rule("cpf", false), rule("obs", false)];
        let actions = field_actions(
            &rules,
            &[input("motivo", " Resolvido ", false), input("nota", "", true), input("cpf", "52998224725", true)],
        )
        .unwrap();
        assert_eq!(
            actions,
            vec![
                FieldAction::Validate { key: "motivo".into(), input: "Resolvido".into(), required: true },
                FieldAction::Clear { key: "nota".into() },
                FieldAction::Validate { key: "cpf".into(), input: "52998224725".into(), required: false },
                FieldAction::Keep,
            ]
        );
    }

    #[test]
    fn a_blank_required_field_goes_to_the_validator_which_refuses_it() {
        let actions = field_actions(&[rule("motivo", true)], &[input("motivo", " ", true)]).unwrap();
        assert_eq!(actions, vec![FieldAction::Validate { key: "motivo".into(), input: String::new(), required: true }]);
        assert_eq!(
            field_actions(&[rule("motivo", true)], &[]).unwrap(),
            vec![FieldAction::Validate { key: "motivo".into(), input: String::new(), required: true }]
        );
    }

    #[test]
    fn an_unconfigured_field_is_refused_by_name() {
        assert!(field_actions(&[rule("motivo", true)], &[input("senha", "x", false)]).unwrap_err().contains("senha"));
    }
}
