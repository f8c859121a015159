//! `tag`: adds and removes tags of the contact (F2 Action), by name; a tag that does not exist
//! yet is created by the host. It sends nothing, so the unanswered timer keeps running (L13).

use atende_sdk::flow_step::parse_config;
use atende_sdk::{Effect, FlowStep, PluginError, StepInput};
use serde::Deserialize;

/// A tag node's configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    add: Vec<String>,
    #[serde(default)]
    remove: Vec<String>,
}

impl Config {
    fn parse(json: &str) -> Result<Config, PluginError> {
        let config: Config = parse_config(json)?;
        if config.add.is_empty() && config.remove.is_empty() {
            return Err(PluginError::InvalidConfig(
                "Informe etiquetas para adicionar (add) ou remover (remove).".into(),
            ));
        }
        if config.add.iter().chain(&config.remove).any(|name| name.trim().is_empty()) {
            return Err(PluginError::InvalidConfig("Uma etiqueta está sem nome.".into()));
        }
        Ok(config)
    }
}

/// The exported plugin.
struct Tag;

impl FlowStep for Tag {
    fn ports(config: &str) -> Result<Vec<String>, PluginError> {
        Config::parse(config)?;
        Ok(vec!["next".into()])
    }

    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        let config = Config::parse(&input.config)?;
        let mut effects: Vec<Effect> = config.add.iter().map(|name| Effect::AddTag(name.trim().into())).collect();
        effects.extend(config.remove.iter().map(|name| Effect::RemoveTag(name.trim().into())));
        effects.push(Effect::go_to("next"));
        Ok(effects)
    }
}

atende_sdk::export_flow_step!(Tag);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::Trigger;
    use atende_sdk::testing::step_input;

    #[test]
    fn tags_are_added_then_removed_then_the_flow_goes_on() {
        let effects = Tag::run(step_input(r#"{"add": [" Lead "], "remove": ["Frio"]}"#, Trigger::Enter)).unwrap();
        assert_eq!(
            effects,
            vec![Effect::AddTag("Lead".into()), Effect::RemoveTag("Frio".into()), Effect::go_to("next")]
        );
    }

    #[test]
    fn a_node_that_changes_nothing_is_refused() {
        assert!(matches!(Tag::ports("{}"), Err(PluginError::InvalidConfig(_))));
        assert!(matches!(Tag::ports(r#"{"add": [" "]}"#), Err(PluginError::InvalidConfig(_))));
        assert_eq!(Tag::ports(r#"{"add": ["VIP"]}"#).unwrap(), ["next"]);
    }
}
