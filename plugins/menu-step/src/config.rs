//! The node configuration an admin writes for a menu, checked beyond what the manifest's JSON
//! Schema can say (unique ids, the reserved `timeout` port).

use atende_sdk::flow_step::{MAX_BUTTONS, MAX_OPTIONS};
use atende_sdk::{Choice, Effect, PluginError, StepInput};
use serde::Deserialize;

use crate::TIMEOUT_PORT;

/// WhatsApp's longest reply-button title; longer titles need a list.
const MAX_BUTTON_TITLE: usize = 20;

/// WhatsApp's longest list-row title.
const MAX_ROW_TITLE: usize = 24;

/// Longest output-port name the host accepts, which bounds option ids.
const MAX_PORT: usize = 64;

/// Longest menu text in a buttons or list message.
const MAX_TEXT: usize = 1024;

/// A menu node's configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuConfig {
    /// The question, sent with the options.
    pub text: String,
    /// The options; each `id` is also an output port of the node.
    pub options: Vec<MenuOption>,
    /// How long to wait for a reply before leaving through `timeout`; forever if absent.
    #[serde(default)]
    pub timeout_ms: Option<u64>,
}

/// One option of the menu.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuOption {
    /// The output port taken when this option is chosen.
    pub id: String,
    /// What the contact reads.
    pub title: String,
}

impl MenuConfig {
    /// The input's configuration, decoded and checked.
    pub fn from_input(input: &StepInput) -> Result<Self, PluginError> {
        let config: Self = input.parse_config()?;
        config.check().map_err(PluginError::InvalidConfig)?;
        Ok(config)
    }

    fn check(&self) -> Result<(), String> {
        if self.text.trim().is_empty() {
            return Err("O texto do menu está vazio.".into());
        }
        if self.text.chars().count() > MAX_TEXT {
            return Err(format!("O texto do menu passa de {MAX_TEXT} caracteres."));
        }
        if self.options.is_empty() || self.options.len() > MAX_OPTIONS {
            return Err(format!("O menu deve ter de 1 a {MAX_OPTIONS} opções; tem {}.", self.options.len()));
        }
        for (index, option) in self.options.iter().enumerate() {
            let number = index + 1;
            if option.id.trim().is_empty() || option.title.trim().is_empty() {
                return Err(format!("A opção {number} precisa de id e de título."));
            }
            if option.id.chars().count() > MAX_PORT {
                return Err(format!("O id da opção {number} passa de {MAX_PORT} caracteres."));
            }
            if option.title.chars().count() > MAX_ROW_TITLE {
                return Err(format!("O título da opção {number} passa de {MAX_ROW_TITLE} caracteres."));
            }
            if option.id == TIMEOUT_PORT {
                return Err(format!(
                    "A opção {number} não pode ter o id \"{TIMEOUT_PORT}\", reservado ao tempo esgotado."
                ));
            }
            if self.options[..index].iter().any(|earlier| earlier.id == option.id) {
                return Err(format!("O id \"{}\" aparece em mais de uma opção.", option.id));
            }
        }
        Ok(())
    }

    /// The menu message: reply buttons when they can hold every option, a list otherwise.
    pub fn menu(&self) -> Effect {
        let choices: Vec<Choice> = self.options.iter().map(|option| Choice::new(&option.id, &option.title)).collect();
        let fits_buttons = choices.len() <= MAX_BUTTONS
            && choices.iter().all(|choice| choice.title.chars().count() <= MAX_BUTTON_TITLE);
        if fits_buttons { Effect::send_buttons(&self.text, choices) } else { Effect::send_options(&self.text, choices) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::OutboundMessage;
    use atende_sdk::Trigger;
    use atende_sdk::testing::step_input;

    fn problem(config: &str) -> String {
        match MenuConfig::from_input(&step_input(config, Trigger::Enter)) {
            Err(PluginError::InvalidConfig(message)) => message,
            other => panic!("expected an invalid configuration, got {other:?}"),
        }
    }

    #[test]
    fn configurations_that_cannot_work_are_refused_with_the_reason() {
        assert!(problem(r#"{"options": []}"#).contains("missing field `text`"));
        assert!(problem(r#"{"text": "Oi", "options": [], "extra": 1}"#).contains("unknown field `extra`"));
        assert_eq!(problem(r#"{"text": " ", "options": [{"id": "a", "title": "A"}]}"#), "O texto do menu está vazio.");
        assert_eq!(problem(r#"{"text": "Oi", "options": []}"#), "O menu deve ter de 1 a 10 opções; tem 0.");
        assert_eq!(
            problem(r#"{"text": "Oi", "options": [{"id": "", "title": "A"}]}"#),
            "A opção 1 precisa de id e de título."
        );
        assert_eq!(
            problem(r#"{"text": "Oi", "options": [{"id": "a", "title": "A"}, {"id": "timeout", "title": "B"}]}"#),
            "A opção 2 não pode ter o id \"timeout\", reservado ao tempo esgotado."
        );
        assert_eq!(
            problem(r#"{"text": "Oi", "options": [{"id": "a", "title": "A"}, {"id": "a", "title": "B"}]}"#),
            "O id \"a\" aparece em mais de uma opção."
        );
        let long_id = format!(r#"{{"text": "Oi", "options": [{{"id": "{}", "title": "A"}}]}}"#, "a".repeat(65));
        assert_eq!(problem(&long_id), "O id da opção 1 passa de 64 caracteres.");
        assert_eq!(
            problem(r#"{"text": "Oi", "options": [{"id": "a", "title": "Um título longo demais para a lista"}]}"#),
            "O título da opção 1 passa de 24 caracteres."
        );
    }

    #[test]
    fn long_titles_turn_even_few_options_into_a_list() {
        let config = r#"{"text": "Oi", "options": [{"id": "a", "title": "Segunda via de boleto"}]}"#;
        let menu = MenuConfig::from_input(&step_input(config, Trigger::Enter)).unwrap().menu();
        assert!(matches!(menu, Effect::Send(OutboundMessage::Options(_))), "{menu:?}");
    }
}
