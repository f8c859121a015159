//! `menu-step`: a flow step that offers a menu and leaves through the port of the option the
//! contact picks. It is the model integrators copy: configuration decoded and checked in
//! [`config`], the decision in [`choose`], and here only the wiring of triggers to effects.
//!
//! - `enter`: send the text with the options, as reply buttons (up to 3 short titles) or as a
//!   list (more), and wait for the reply.
//! - a reply: leave through the chosen option's `id`, matched by the button or row tapped, by
//!   its title typed in any case, or by its number ("1", "2" …). Anything else: send
//!   "Não entendi, escolha uma das opções." and wait again, as often as needed.
//! - the wait's `timeout_ms` passes: leave through the `timeout` port.

mod choose;
mod config;

use atende_sdk::{Effect, FlowStep, InboundMessage, PluginError, StepInput};

use crate::config::MenuConfig;

/// What the contact reads when the reply matches no option.
pub const NOT_UNDERSTOOD: &str = "Não entendi, escolha uma das opções.";

/// The output port taken when the contact does not answer in time.
pub const TIMEOUT_PORT: &str = "timeout";

/// The state kept while waiting. The menu needs nothing more: the options are in the config,
/// which the host hands back on every wake-up.
const WAITING: &str = "menu";

/// The exported plugin.
struct MenuStep;

impl FlowStep for MenuStep {
    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        let config = MenuConfig::from_input(input)?;
        Ok(vec![config.menu(), wait(&config)])
    }

    fn on_message(input: &StepInput, message: &InboundMessage) -> Result<Vec<Effect>, PluginError> {
        let config = MenuConfig::from_input(input)?;
        Ok(match choose::choose(&config.options, message) {
            Some(option) => vec![Effect::go_to(&option.id)],
            None => vec![Effect::send_text(NOT_UNDERSTOOD), wait(&config)],
        })
    }

    fn on_timeout(_input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        Ok(vec![Effect::go_to(TIMEOUT_PORT)])
    }
}

fn wait(config: &MenuConfig) -> Effect {
    Effect::wait_for_input(WAITING, config.timeout_ms)
}

atende_sdk::export_flow_step!(MenuStep);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::testing::{step_input, tapped, typed};
    use atende_sdk::{Choice, Trigger};

    const THREE: &str = r#"{"text": "Como podemos ajudar?", "options": [
        {"id": "vendas", "title": "Vendas"}, {"id": "suporte", "title": "Suporte"}, {"id": "financeiro", "title": "Financeiro"}
    ], "timeout_ms": 600000}"#;

    fn run(config: &str, trigger: Trigger) -> Result<Vec<Effect>, PluginError> {
        MenuStep::run(step_input(config, trigger))
    }

    #[test]
    fn entering_sends_buttons_and_waits() {
        let choices = vec![
            Choice::new("vendas", "Vendas"),
            Choice::new("suporte", "Suporte"),
            Choice::new("financeiro", "Financeiro"),
        ];
        assert_eq!(
            run(THREE, Trigger::Enter).unwrap(),
            vec![Effect::send_buttons("Como podemos ajudar?", choices), Effect::wait_for_input("menu", Some(600_000))]
        );
    }

    #[test]
    fn more_than_three_options_become_a_list_and_no_timeout_waits_forever() {
        let config = r#"{"text": "Escolha", "options": [
            {"id": "a", "title": "A"}, {"id": "b", "title": "B"}, {"id": "c", "title": "C"}, {"id": "d", "title": "D"}]}"#;
        let effects = run(config, Trigger::Enter).unwrap();
        assert!(
            matches!(&effects[0], Effect::Send(atende_sdk::OutboundMessage::Options((text, rows))) if text == "Escolha" && rows.len() == 4)
        );
        assert_eq!(effects[1], Effect::wait_for_input("menu", None));
    }

    #[test]
    fn a_recognised_reply_leaves_through_the_option_port() {
        assert_eq!(run(THREE, tapped("suporte", "Suporte")).unwrap(), vec![Effect::go_to("suporte")]);
        assert_eq!(run(THREE, typed("  FINANCEIRO ")).unwrap(), vec![Effect::go_to("financeiro")]);
        assert_eq!(run(THREE, typed("1")).unwrap(), vec![Effect::go_to("vendas")]);
    }

    #[test]
    fn an_unrecognised_reply_is_answered_and_waited_again_every_time() {
        for reply in ["quero falar com alguém", "4", "0", ""] {
            assert_eq!(
                run(THREE, typed(reply)).unwrap(),
                vec![Effect::send_text(NOT_UNDERSTOOD), Effect::wait_for_input("menu", Some(600_000))],
                "{reply}"
            );
        }
    }

    #[test]
    fn a_timeout_leaves_through_the_timeout_port() {
        assert_eq!(run(THREE, Trigger::Timeout).unwrap(), vec![Effect::go_to("timeout")]);
    }

    #[test]
    fn scheduled_wake_ups_are_not_part_of_a_menu() {
        assert!(matches!(run(THREE, Trigger::Scheduled("x".into())), Err(PluginError::Unsupported(_))));
    }

    #[test]
    fn a_bad_configuration_is_reported_whenever_the_menu_is_needed() {
        let broken = r#"{"text": "Oi", "options": []}"#;
        for trigger in [Trigger::Enter, typed("1")] {
            assert!(matches!(run(broken, trigger), Err(PluginError::InvalidConfig(_))));
        }
        // Leaving on timeout needs no option, so a broken menu still lets the flow go on.
        assert_eq!(run(broken, Trigger::Timeout).unwrap(), vec![Effect::go_to("timeout")]);
    }
}
