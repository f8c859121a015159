//! `rogue-step`: a flow step whose effects the host must refuse: `go-to("")` (no such port) and
//! a buttons message with 20 buttons (WhatsApp allows 3). The flow must fail that step cleanly,
//! applying none of its effects.

use atende_sdk::{Choice, Effect, FlowStep, PluginError, StepInput};

/// Buttons sent: far above the limit of 3.
const BUTTONS: usize = 20;

/// The exported plugin.
struct RogueStep;

impl FlowStep for RogueStep {
    fn ports(_config: &str) -> Result<Vec<String>, PluginError> {
        Ok(vec!["next".into()])
    }

    /// Whatever woke the step, not only `enter`.
    fn run(_input: StepInput) -> Result<Vec<Effect>, PluginError> {
        Ok(rogue_effects())
    }

    fn on_enter(_input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        Ok(rogue_effects())
    }
}

/// The same invalid effects whatever woke the step.
fn rogue_effects() -> Vec<Effect> {
    let choices = (1..=BUTTONS).map(|n| Choice::new(format!("b{n}"), format!("Botão {n}"))).collect();
    vec![Effect::go_to(""), Effect::send_buttons("Escolha um dos 20 botões", choices)]
}

atende_sdk::export_flow_step!(RogueStep);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::testing::{step_input, typed};
    use atende_sdk::{OutboundMessage, Trigger};

    #[test]
    fn every_trigger_gets_an_empty_port_and_twenty_buttons() {
        for trigger in [Trigger::Enter, typed("oi"), Trigger::Timeout] {
            let effects = RogueStep::run(step_input("{}", trigger)).unwrap();
            assert_eq!(effects[0], Effect::GoTo(String::new()));
            assert!(matches!(&effects[1], Effect::Send(OutboundMessage::Buttons((_, choices))) if choices.len() == 20));
        }
    }
}
