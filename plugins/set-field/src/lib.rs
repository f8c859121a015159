//! `set-field`: sets fields of the contact (F2 Action) — system fields (`nome`, `email`, `cpf` …)
//! or custom ones — to values written in the node, where `{variavel}` takes a flow variable's
//! value. The host stores them as the field's type asks.

use atende_sdk::flow_step::parse_config;
use atende_sdk::{Effect, FieldValue, FlowStep, PluginError, StepInput};
use serde::Deserialize;

/// One field to set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Assignment {
    /// The field's key.
    key: String,
    /// The value; `{name}` is replaced by the flow variable `name`. Empty clears the field.
    value: String,
}

/// A set-field node's configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    fields: Vec<Assignment>,
}

impl Config {
    fn parse(json: &str) -> Result<Config, PluginError> {
        let config: Config = parse_config(json)?;
        if config.fields.is_empty() {
            return Err(PluginError::InvalidConfig("Informe ao menos um campo (fields).".into()));
        }
        if config.fields.iter().any(|field| field.key.trim().is_empty()) {
            return Err(PluginError::InvalidConfig("Um campo está sem chave (key).".into()));
        }
        Ok(config)
    }
}

/// `template` with every `{name}` of a known flow variable replaced by its value.
fn fill(template: &str, input: &StepInput) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if input.variable(&after[..end]).is_some() => {
                out.push_str(input.variable(&after[..end]).unwrap_or_default());
                rest = &after[end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The exported plugin.
struct SetField;

impl FlowStep for SetField {
    fn ports(config: &str) -> Result<Vec<String>, PluginError> {
        Config::parse(config)?;
        Ok(vec!["next".into()])
    }

    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        let config = Config::parse(&input.config)?;
        let mut effects: Vec<Effect> = config
            .fields
            .iter()
            .map(|field| {
                let value = fill(&field.value, input);
                let value = if value.trim().is_empty() { FieldValue::Empty } else { FieldValue::Text(value) };
                Effect::set_field(field.key.trim(), value)
            })
            .collect();
        effects.push(Effect::go_to("next"));
        Ok(effects)
    }
}

atende_sdk::export_flow_step!(SetField);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::testing::step_input;
    use atende_sdk::{Trigger, Variable};

    #[test]
    fn values_take_flow_variables_and_an_empty_one_clears() {
        let mut input = step_input(
            r#"{"fields": [{"key": "codigo_cliente", "value": "C-{pedido}-{desconhecida}"}, {"key": "plano", "value": ""}]}"#,
            Trigger::Enter,
        );
        input.variables = vec![Variable::new("pedido", "981")];
        assert_eq!(
            SetField::run(input).unwrap(),
            vec![
                Effect::set_field("codigo_cliente", FieldValue::Text("C-981-{desconhecida}".into())),
                Effect::set_field("plano", FieldValue::Empty),
                Effect::go_to("next")
            ]
        );
    }

    #[test]
    fn a_node_without_fields_is_refused() {
        assert!(matches!(SetField::ports(r#"{"fields": []}"#), Err(PluginError::InvalidConfig(_))));
    }
}
