//! `go-to-flow`: ends this flow and starts another for the contact (F2), at its newest published
//! revision. It has no output ports.

use atende_sdk::flow_step::parse_config;
use atende_sdk::{Effect, FlowStep, PluginError, StepInput};
use serde::Deserialize;

/// A go-to-flow node's configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    flow_id: i64,
}

impl Config {
    fn parse(json: &str) -> Result<Config, PluginError> {
        let config: Config = parse_config(json)?;
        if config.flow_id <= 0 {
            return Err(PluginError::InvalidConfig("Informe o fluxo (flow_id).".into()));
        }
        Ok(config)
    }
}

/// The exported plugin.
struct GoToFlow;

impl FlowStep for GoToFlow {
    fn ports(config: &str) -> Result<Vec<String>, PluginError> {
        Config::parse(config)?;
        Ok(Vec::new())
    }

    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        Ok(vec![Effect::go_to_flow(Config::parse(&input.config)?.flow_id)])
    }
}

atende_sdk::export_flow_step!(GoToFlow);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::Trigger;
    use atende_sdk::testing::step_input;

    #[test]
    fn it_hands_the_contact_to_the_other_flow() {
        assert_eq!(
            GoToFlow::run(step_input(r#"{"flow_id": 4}"#, Trigger::Enter)).unwrap(),
            vec![Effect::go_to_flow(4)]
        );
        assert!(matches!(GoToFlow::ports(r#"{"flow_id": 0}"#), Err(PluginError::InvalidConfig(_))));
    }
}
