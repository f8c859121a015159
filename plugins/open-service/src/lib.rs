//! `open-service`: the node that hands the chat to people (F2 Action). It opens a service for a
//! department, an agent, a random agent or the next in sequence of a department, the last agent
//! who served (with a department to fall back on), or neither (the open queue); the host applies
//! the service core's assignment rules (S12–S15) and the flow ends there: no bot talks over a
//! human. It has no output ports.

use atende_sdk::flow_step::parse_config;
use atende_sdk::{Assignment, Effect, FlowStep, PluginError, StepInput};
use serde::Deserialize;

/// Who the service is opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Mode {
    None,
    Department,
    Agent,
    RandomAgent,
    LastAgent,
    NextInSequence,
}

/// An open-service node's configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    assign: Mode,
    #[serde(default)]
    department_id: Option<i64>,
    #[serde(default)]
    agent_id: Option<i64>,
}

impl Config {
    fn parse(json: &str) -> Result<Config, PluginError> {
        let config: Config = parse_config(json)?;
        config.assignment().map(|_| config)
    }

    fn assignment(&self) -> Result<Assignment, PluginError> {
        let department = || {
            self.department_id
                .ok_or_else(|| PluginError::InvalidConfig("Informe o departamento (department_id).".into()))
        };
        Ok(match self.assign {
            Mode::None => Assignment::None,
            Mode::Department => Assignment::Department(department()?),
            Mode::Agent => Assignment::Agent(
                self.agent_id.ok_or_else(|| PluginError::InvalidConfig("Informe o agente (agent_id).".into()))?,
            ),
            Mode::RandomAgent => Assignment::RandomAgent(department()?),
            Mode::NextInSequence => Assignment::NextInSequence(department()?),
            Mode::LastAgent => Assignment::LastAgent(self.department_id),
        })
    }
}

/// The exported plugin.
struct OpenService;

impl FlowStep for OpenService {
    fn ports(config: &str) -> Result<Vec<String>, PluginError> {
        Config::parse(config)?;
        Ok(Vec::new())
    }

    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        Ok(vec![Effect::OpenService(Config::parse(&input.config)?.assignment()?)])
    }
}

atende_sdk::export_flow_step!(OpenService);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::Trigger;
    use atende_sdk::testing::step_input;

    fn opened(config: &str) -> Result<Vec<Effect>, PluginError> {
        OpenService::run(step_input(config, Trigger::Enter))
    }

    #[test]
    fn each_mode_asks_for_its_assignment() {
        let one = |config: &str| opened(config).unwrap().remove(0);
        assert_eq!(one(r#"{"assign": "none"}"#), Effect::OpenService(Assignment::None));
        assert_eq!(
            one(r#"{"assign": "department", "department_id": 7}"#),
            Effect::OpenService(Assignment::Department(7))
        );
        assert_eq!(one(r#"{"assign": "agent", "agent_id": 3}"#), Effect::OpenService(Assignment::Agent(3)));
        assert_eq!(
            one(r#"{"assign": "random_agent", "department_id": 7}"#),
            Effect::OpenService(Assignment::RandomAgent(7))
        );
        assert_eq!(
            one(r#"{"assign": "next_in_sequence", "department_id": 7}"#),
            Effect::OpenService(Assignment::NextInSequence(7))
        );
        assert_eq!(
            one(r#"{"assign": "last_agent", "department_id": 7}"#),
            Effect::OpenService(Assignment::LastAgent(Some(7)))
        );
        assert_eq!(one(r#"{"assign": "last_agent"}"#), Effect::OpenService(Assignment::LastAgent(None)));
    }

    #[test]
    fn a_mode_without_its_target_is_refused_and_there_are_no_ports() {
        assert!(
            matches!(opened(r#"{"assign": "department"}"#), Err(PluginError::InvalidConfig(m)) if m.contains("departamento"))
        );
        assert!(matches!(OpenService::ports(r#"{"assign": "agent"}"#), Err(PluginError::InvalidConfig(_))));
        assert_eq!(OpenService::ports(r#"{"assign": "none"}"#).unwrap(), Vec::<String>::new());
    }
}
