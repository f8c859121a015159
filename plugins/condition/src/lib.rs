//! `condition`: routes the flow by the first rule whose tests hold (F2). A test compares a value
//! of the contact — a flow variable, a system field (`nome`, `email`, `telefone`, `cpf` …), a
//! custom field — with the node's value, or asks whether the contact has a tag or whether now
//! falls in the account's business hours. Ports: one per rule, then `else`.

mod test;

use atende_sdk::flow_step::parse_config;
use atende_sdk::{Effect, FlowStep, PluginError, StepInput};
use serde::Deserialize;

use crate::test::Test;

/// Taken when no rule holds.
const ELSE: &str = "else";

/// Whether every test of a rule must hold, or any one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
enum Match {
    #[default]
    All,
    Any,
}

/// One rule: its port and its tests.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    id: String,
    #[serde(default, rename = "match")]
    matching: Match,
    tests: Vec<Test>,
}

/// A condition node's configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    rules: Vec<Rule>,
}

impl Config {
    fn parse(json: &str) -> Result<Config, PluginError> {
        let config: Config = parse_config(json)?;
        let invalid = |m: String| Err(PluginError::InvalidConfig(m));
        if config.rules.is_empty() {
            return invalid("Informe ao menos uma regra (rules).".into());
        }
        for (index, rule) in config.rules.iter().enumerate() {
            if rule.id.trim().is_empty() || rule.id == ELSE || rule.id.chars().count() > 64 {
                return invalid(format!(
                    "A regra {} precisa de um id de 1 a 64 caracteres diferente de \"else\".",
                    index + 1
                ));
            }
            if config.rules[..index].iter().any(|earlier| earlier.id == rule.id) {
                return invalid(format!("O id \"{}\" aparece em mais de uma regra.", rule.id));
            }
            if rule.tests.is_empty() {
                return invalid(format!("A regra \"{}\" não tem testes.", rule.id));
            }
            for test in &rule.tests {
                test.check().map_err(|m| PluginError::InvalidConfig(format!("Regra \"{}\": {m}", rule.id)))?;
            }
        }
        Ok(config)
    }
}

/// The exported plugin.
struct Condition;

impl FlowStep for Condition {
    fn ports(config: &str) -> Result<Vec<String>, PluginError> {
        let config = Config::parse(config)?;
        let mut ports: Vec<String> = config.rules.iter().map(|rule| rule.id.clone()).collect();
        ports.push(ELSE.into());
        Ok(ports)
    }

    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        let config = Config::parse(&input.config)?;
        let holds = |rule: &Rule| match rule.matching {
            Match::All => rule.tests.iter().all(|test| test.holds(input)),
            Match::Any => rule.tests.iter().any(|test| test.holds(input)),
        };
        let port = config.rules.iter().find(|rule| holds(rule)).map_or(ELSE, |rule| rule.id.as_str());
        Ok(vec![Effect::go_to(port)])
    }
}

atende_sdk::export_flow_step!(Condition);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::testing::step_input;
    use atende_sdk::{Trigger, Variable};

    const ROUTES: &str = r#"{"rules": [
        {"id": "vip", "tests": [{"left": "", "op": "has_tag", "right": "VIP"}]},
        {"id": "fora", "tests": [{"op": "in_business_hours", "right": "false"}]},
        {"id": "grande", "match": "any", "tests": [{"left": "valor", "op": "gt", "right": "1000"}, {"left": "email", "op": "ends_with", "right": "@empresa.com.br"}]}
    ]}"#;

    fn routed(edit: impl FnOnce(&mut StepInput)) -> Effect {
        let mut input = step_input(ROUTES, Trigger::Enter);
        edit(&mut input);
        Condition::run(input).unwrap().remove(0)
    }

    #[test]
    fn the_first_rule_that_holds_chooses_the_port() {
        assert_eq!(routed(|i| i.contact.tags = vec!["VIP".into()]), Effect::go_to("vip"));
        assert_eq!(routed(|i| i.in_business_hours = false), Effect::go_to("fora"));
        assert_eq!(routed(|i| i.variables = vec![Variable::new("valor", "1.500,00")]), Effect::go_to("grande"));
        assert_eq!(routed(|i| i.contact.email = Some("Ana@Empresa.com.br".into())), Effect::go_to("grande"));
        assert_eq!(routed(|_| {}), Effect::go_to("else"));
    }

    #[test]
    fn ports_are_the_rules_then_else_and_bad_rules_are_named() {
        assert_eq!(Condition::ports(ROUTES).unwrap(), ["vip", "fora", "grande", "else"]);
        let bad = r#"{"rules": [{"id": "x", "tests": [{"left": "nome", "op": "gt"}]}]}"#;
        assert!(matches!(Condition::ports(bad), Err(PluginError::InvalidConfig(m)) if m.starts_with("Regra \"x\"")));
        let twice = r#"{"rules": [{"id": "a", "tests": [{"left": "nome", "op": "is_set"}]}, {"id": "a", "tests": [{"left": "nome", "op": "is_set"}]}]}"#;
        assert!(matches!(Condition::ports(twice), Err(PluginError::InvalidConfig(m)) if m.contains("mais de uma")));
    }
}
