//! `hostile-step`: a flow step that behaves on entering — it waits for the contact — and
//! misbehaves on the reply, as its configuration says: `"loop"` never returns, `"memory"`
//! allocates without end, `"trap"` panics, `"rogue"` returns effects the host must refuse. A flow
//! that meets it must take its error route with the server healthy (F5). Behaving on entering
//! lets such a flow pass validation, which dry-runs a node's entry.

use atende_sdk::flow_step::parse_config;
use atende_sdk::{Choice, Effect, FlowStep, InboundMessage, PluginError, StepInput};
use serde::Deserialize;

/// How the step misbehaves.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Mischief {
    Loop,
    Memory,
    Trap,
    Rogue,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    on_reply: Mischief,
}

/// The exported plugin.
struct HostileStep;

impl FlowStep for HostileStep {
    fn ports(config: &str) -> Result<Vec<String>, PluginError> {
        parse_config::<Config>(config)?;
        Ok(vec!["next".into()])
    }

    fn on_enter(_input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        Ok(vec![Effect::wait_for_input("waiting", None)])
    }

    fn on_message(input: &StepInput, _message: &InboundMessage) -> Result<Vec<Effect>, PluginError> {
        let config: Config = input.parse_config()?;
        match config.on_reply {
            Mischief::Loop => spin(input.config.len()),
            Mischief::Memory => inflate(),
            Mischief::Trap => panic!("hostile-step: trap on the reply"),
            Mischief::Rogue => {
                let buttons = (1..=20).map(|n| Choice::new(format!("b{n}"), format!("Botão {n}"))).collect();
                Ok(vec![Effect::send_buttons("Vinte botões", buttons), Effect::go_to("next")])
            }
        }
    }
}

/// Loop forever; `black_box` keeps the optimiser from proving the loop useless.
fn spin(seed: usize) -> ! {
    let mut counter = seed;
    loop {
        counter = std::hint::black_box(counter.wrapping_add(1));
    }
}

/// Allocate and keep 1 MiB after 1 MiB until the host's memory cap traps it.
fn inflate() -> ! {
    let mut held: Vec<Vec<u8>> = Vec::new();
    loop {
        held.push(vec![0xA5; 1 << 20]);
        std::hint::black_box(&held);
    }
}

atende_sdk::export_flow_step!(HostileStep);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::Trigger;
    use atende_sdk::testing::{step_input, typed};

    #[test]
    fn it_waits_on_entering_and_the_rogue_reply_breaks_the_limits() {
        let config = r#"{"on_reply": "rogue"}"#;
        assert_eq!(
            HostileStep::run(step_input(config, Trigger::Enter)).unwrap(),
            vec![Effect::wait_for_input("waiting", None)]
        );
        let reply = HostileStep::run(step_input(config, typed("oi"))).unwrap();
        assert!(matches!(&reply[0], Effect::Send(atende_sdk::OutboundMessage::Buttons((_, b))) if b.len() == 20));
        assert!(matches!(HostileStep::ports(r#"{"on_reply": "bomba"}"#), Err(PluginError::InvalidConfig(_))));
    }
}
