//! `delay`: waits a while, then goes on by `next` (F2). The wait is a durable wake-up kept by
//! the host: it survives restarts, and a message from the contact meanwhile does not cut it
//! short (it waits for the node after the delay).

use atende_sdk::flow_step::parse_config;
use atende_sdk::{Effect, FlowStep, PluginError, StepInput};
use serde::Deserialize;

/// The longest delay: 30 days.
const MAX_MS: u64 = 30 * 24 * 3600 * 1000;

/// A delay node's configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    duration_ms: u64,
}

impl Config {
    fn parse(json: &str) -> Result<Config, PluginError> {
        let config: Config = parse_config(json)?;
        if config.duration_ms < 1000 || config.duration_ms > MAX_MS {
            return Err(PluginError::InvalidConfig("A espera deve ficar entre 1 segundo e 30 dias.".into()));
        }
        Ok(config)
    }
}

/// The exported plugin.
struct Delay;

impl FlowStep for Delay {
    fn ports(config: &str) -> Result<Vec<String>, PluginError> {
        Config::parse(config)?;
        Ok(vec!["next".into()])
    }

    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        let config = Config::parse(&input.config)?;
        let wake_at = input.now_ms.saturating_add(i64::try_from(config.duration_ms).unwrap_or(i64::MAX));
        Ok(vec![Effect::Schedule((wake_at, "delay".into()))])
    }

    fn on_scheduled(_input: &StepInput, _state: &str) -> Result<Vec<Effect>, PluginError> {
        Ok(vec![Effect::go_to("next")])
    }
}

atende_sdk::export_flow_step!(Delay);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::Trigger;
    use atende_sdk::testing::step_input;

    #[test]
    fn it_wakes_after_the_duration_then_goes_on() {
        let mut input = step_input(r#"{"duration_ms": 7200000}"#, Trigger::Enter);
        input.now_ms = 1_000;
        assert_eq!(Delay::run(input).unwrap(), vec![Effect::Schedule((7_201_000, "delay".into()))]);
        let woken = step_input(r#"{"duration_ms": 7200000}"#, Trigger::Scheduled("delay".into()));
        assert_eq!(Delay::run(woken).unwrap(), vec![Effect::go_to("next")]);
        assert!(matches!(Delay::ports(r#"{"duration_ms": 10}"#), Err(PluginError::InvalidConfig(_))));
    }
}
