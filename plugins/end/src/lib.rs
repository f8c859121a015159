//! `end`: ends the flow (F2), with a reason kept in the session's history. The chat stays where
//! it is (a flow that ended without opening a service shows only in "Todos os chats", L1).

use atende_sdk::flow_step::parse_config;
use atende_sdk::{Effect, FlowStep, PluginError, StepInput};
use serde::Deserialize;

/// An end node's configuration.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    reason: Option<String>,
}

/// The exported plugin.
struct End;

impl FlowStep for End {
    fn ports(config: &str) -> Result<Vec<String>, PluginError> {
        parse_config::<Config>(config)?;
        Ok(Vec::new())
    }

    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        let config: Config = input.parse_config()?;
        let reason = config.reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
        Ok(vec![Effect::end(reason.unwrap_or_else(|| "fim do fluxo".into()))])
    }
}

atende_sdk::export_flow_step!(End);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::Trigger;
    use atende_sdk::testing::step_input;

    #[test]
    fn it_ends_with_its_reason() {
        assert_eq!(End::run(step_input("{}", Trigger::Enter)).unwrap(), vec![Effect::end("fim do fluxo")]);
        assert_eq!(
            End::run(step_input(r#"{"reason": "cliente atendido"}"#, Trigger::Enter)).unwrap(),
            vec![Effect::end("cliente atendido")]
        );
        assert!(End::ports("{}").unwrap().is_empty());
    }
}
