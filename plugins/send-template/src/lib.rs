//! `send-template`: sends a Meta template (F2) by name and language, with its body parameters in
//! order, where `{variavel}` takes a flow variable's value. Templates may go out whatever the
//! window (S4). When the template is gone or not approved, the host ends the flow and the chat
//! shows "--- Mensagem template não enviada, verifique o fluxo ---" (C18).

use atende_sdk::flow_step::parse_config;
use atende_sdk::{Effect, FlowStep, OutboundMessage, PluginError, StepInput, TemplateSend};
use serde::Deserialize;

/// A template node's configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    name: String,
    language: String,
    #[serde(default)]
    parameters: Vec<String>,
}

impl Config {
    fn parse(json: &str) -> Result<Config, PluginError> {
        let config: Config = parse_config(json)?;
        if config.name.trim().is_empty() || config.language.trim().is_empty() {
            return Err(PluginError::InvalidConfig("Informe o nome e o idioma do template.".into()));
        }
        Ok(config)
    }
}

/// `parameter` with a whole `{name}` of a flow variable replaced by its value.
fn fill(parameter: &str, input: &StepInput) -> String {
    parameter
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix('}'))
        .and_then(|name| input.variable(name))
        .map_or_else(|| parameter.to_string(), str::to_string)
}

/// The exported plugin.
struct SendTemplate;

impl FlowStep for SendTemplate {
    fn ports(config: &str) -> Result<Vec<String>, PluginError> {
        Config::parse(config)?;
        Ok(vec!["next".into()])
    }

    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        let config = Config::parse(&input.config)?;
        let template = TemplateSend {
            name: config.name.trim().into(),
            language: config.language.trim().into(),
            parameters: config.parameters.iter().map(|p| fill(p, input)).collect(),
        };
        Ok(vec![Effect::Send(OutboundMessage::Template(template)), Effect::go_to("next")])
    }
}

atende_sdk::export_flow_step!(SendTemplate);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::testing::step_input;
    use atende_sdk::{Trigger, Variable};

    #[test]
    fn the_template_goes_with_its_parameters_then_the_flow_goes_on() {
        let mut input = step_input(
            r#"{"name": "lembrete", "language": "pt_BR", "parameters": ["{pedido}", "amanhã"]}"#,
            Trigger::Enter,
        );
        input.variables = vec![Variable::new("pedido", "981")];
        let template = TemplateSend {
            name: "lembrete".into(),
            language: "pt_BR".into(),
            parameters: vec!["981".into(), "amanhã".into()],
        };
        assert_eq!(
            SendTemplate::run(input).unwrap(),
            vec![Effect::Send(OutboundMessage::Template(template)), Effect::go_to("next")]
        );
        assert!(matches!(
            SendTemplate::ports(r#"{"name": " ", "language": "pt_BR"}"#),
            Err(PluginError::InvalidConfig(_))
        ));
    }
}
