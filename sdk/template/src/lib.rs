//! `my-step`: asks the contact a question, keeps the answer in a flow variable and leaves through
//! the `next` port (or `timeout` if no answer comes in time).
//!
//! The shape to keep when you change it: decode the configuration, decide in plain functions,
//! return effects. The host sends, waits and stores; a step only says what should happen.

use atende_sdk::{Effect, FlowStep, InboundMessage, PluginError, StepInput};
use serde::Deserialize;

/// The node configuration; the manifest's `config_schema` describes the same shape.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    /// What to ask. The host expands variables such as `{nome}` in it.
    question: String,
    /// The flow variable that receives the answer.
    variable: String,
    /// How long to wait for the answer; forever if absent.
    #[serde(default)]
    timeout_ms: Option<u64>,
}

/// The plugin. It has no fields: nothing survives between calls.
struct MyStep;

impl FlowStep for MyStep {
    fn ports(_config: &str) -> Result<Vec<String>, PluginError> {
        Ok(vec!["next".into(), "timeout".into()])
    }

    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        let config: Config = input.parse_config()?;
        Ok(vec![Effect::send_text(config.question), Effect::wait_for_input("asked", config.timeout_ms)])
    }

    fn on_message(input: &StepInput, message: &InboundMessage) -> Result<Vec<Effect>, PluginError> {
        let config: Config = input.parse_config()?;
        match message.text.as_deref().map(str::trim).filter(|text| !text.is_empty()) {
            Some(answer) => Ok(vec![Effect::set_variable(config.variable, answer), Effect::go_to("next")]),
            // A photo or a sticker is no answer: ask again.
            None => Ok(vec![Effect::send_text(config.question), Effect::wait_for_input("asked", config.timeout_ms)]),
        }
    }

    fn on_timeout(_input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        Ok(vec![Effect::go_to("timeout")])
    }
}

atende_sdk::export_flow_step!(MyStep);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::Trigger;
    use atende_sdk::testing::{step_input, typed};

    const CONFIG: &str = r#"{"question": "Qual é o número do pedido?", "variable": "pedido"}"#;

    #[test]
    fn asks_then_waits() {
        assert_eq!(
            MyStep::run(step_input(CONFIG, Trigger::Enter)).unwrap(),
            vec![Effect::send_text("Qual é o número do pedido?"), Effect::wait_for_input("asked", None)]
        );
    }

    #[test]
    fn keeps_the_answer_and_moves_on() {
        assert_eq!(
            MyStep::run(step_input(CONFIG, typed(" 981 "))).unwrap(),
            vec![Effect::set_variable("pedido", "981"), Effect::go_to("next")]
        );
    }

    #[test]
    fn leaves_through_timeout_when_nobody_answers() {
        assert_eq!(MyStep::run(step_input(CONFIG, Trigger::Timeout)).unwrap(), vec![Effect::go_to("timeout")]);
    }
}
