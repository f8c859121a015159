//! The node configuration an admin writes for a content node, checked beyond what the
//! manifest's JSON Schema can say (unique option ids, ports reserved by the node itself), and
//! the ports it gives the node.

use atende_sdk::flow_step::{MAX_BUTTONS, MAX_OPTIONS, parse_config};
use atende_sdk::{Choice, Effect, PluginError, StepInput};
use serde::Deserialize;

/// WhatsApp's longest reply-button title; longer titles need a list.
const MAX_BUTTON_TITLE: usize = 20;
/// WhatsApp's longest list-row title.
const MAX_ROW_TITLE: usize = 24;
/// Longest output-port name the host accepts, which bounds option ids.
const MAX_PORT: usize = 64;
/// Longest text of a message carrying buttons or a list.
const MAX_QUESTION: usize = 1024;
/// Most attempts at an answer (the default is [`DEFAULT_ATTEMPTS`]).
pub const MAX_ATTEMPTS: u32 = 10;
/// Attempts at an answer when the node does not say.
pub const DEFAULT_ATTEMPTS: u32 = 3;

/// Leave by it when there is no question, or after a text answer.
pub const NEXT: &str = "next";
/// Leave by it after the last attempt that matched nothing.
pub const NO_MATCH: &str = "no_match";
/// Leave by it when the contact does not answer in time.
pub const TIMEOUT: &str = "timeout";
/// Leave by it when a choice node accepts free text and the contact typed something else.
pub const TEXT: &str = "text";

/// A content node's configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentConfig {
    /// Texts sent on entering, in order (the host expands variables such as `{nome}`).
    #[serde(default)]
    pub messages: Vec<String>,
    /// What the node waits for; without it the node leaves by `next` at once.
    #[serde(default)]
    pub input: Option<InputConfig>,
}

/// What kind of answer a content node waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// One of the options (reply buttons when they fit, a list otherwise).
    Choice,
    /// Any text (a name, an e-mail, an order number …).
    Text,
}

/// The question of a content node.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputConfig {
    pub kind: InputKind,
    /// The question that carries the options (choice only).
    #[serde(default)]
    pub text: Option<String>,
    /// The options (choice only); each `id` is also an output port of the node.
    #[serde(default)]
    pub options: Vec<MenuOption>,
    /// A choice node: typed text that matches no option leaves by `text` instead of retrying.
    #[serde(default)]
    pub accept_free_text: bool,
    /// "Salvar": the system or custom field that receives a text answer (`nome`, `email`, `cpf` …).
    #[serde(default)]
    pub save_to: Option<String>,
    /// The flow variable that receives the answer (the text, or the chosen option's title).
    #[serde(default)]
    pub variable: Option<String>,
    /// Answers accepted before leaving by `no_match` (1 to 10; 3 when absent).
    #[serde(default)]
    pub max_attempts: Option<u32>,
    /// What the contact reads after an answer that matched nothing.
    #[serde(default)]
    pub retry_message: Option<String>,
    /// How long to wait before leaving by `timeout`; forever if absent.
    #[serde(default)]
    pub timeout_ms: Option<u64>,
}

/// One option of a choice.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuOption {
    /// The output port taken when this option is chosen.
    pub id: String,
    /// What the contact reads.
    pub title: String,
}

impl ContentConfig {
    /// `json`, decoded and checked.
    pub fn parse(json: &str) -> Result<Self, PluginError> {
        let config: Self = parse_config(json)?;
        config.check().map_err(PluginError::InvalidConfig)?;
        Ok(config)
    }

    /// The input's configuration, decoded and checked.
    pub fn from_input(input: &StepInput) -> Result<Self, PluginError> {
        Self::parse(&input.config)
    }

    /// The output ports: `next` without a question; after a text question `next`, `no_match`
    /// and `timeout`; after a choice one port per option, then `no_match`, `timeout` and, when
    /// free text is accepted, `text`.
    pub fn ports(&self) -> Vec<String> {
        let Some(input) = &self.input else { return vec![NEXT.into()] };
        let mut ports: Vec<String> = match input.kind {
            InputKind::Text => vec![NEXT.into()],
            InputKind::Choice => input.options.iter().map(|option| option.id.clone()).collect(),
        };
        ports.extend([NO_MATCH.into(), TIMEOUT.into()]);
        if input.kind == InputKind::Choice && input.accept_free_text {
            ports.push(TEXT.into());
        }
        ports
    }

    fn check(&self) -> Result<(), String> {
        for (index, message) in self.messages.iter().enumerate() {
            if message.trim().is_empty() {
                return Err(format!("A mensagem {} está vazia.", index + 1));
            }
        }
        let Some(input) = &self.input else {
            return if self.messages.is_empty() {
                Err("O conteúdo não tem mensagens nem pergunta.".into())
            } else {
                Ok(())
            };
        };
        if input.max_attempts.is_some_and(|n| n == 0 || n > MAX_ATTEMPTS) {
            return Err(format!("max_attempts deve ficar entre 1 e {MAX_ATTEMPTS}."));
        }
        if input.retry_message.as_deref().is_some_and(|m| m.trim().is_empty()) {
            return Err("A mensagem de nova tentativa está vazia.".into());
        }
        match input.kind {
            InputKind::Text => {
                if !input.options.is_empty() || input.text.is_some() || input.accept_free_text {
                    return Err("Uma pergunta de texto não tem opções: a pergunta vai em messages.".into());
                }
                if self.messages.is_empty() {
                    return Err("Uma pergunta de texto precisa de ao menos uma mensagem que pergunte.".into());
                }
                Ok(())
            }
            InputKind::Choice => input.check_choice(),
        }
    }
}

impl InputConfig {
    /// How many answers may miss before `no_match`.
    pub fn attempts(&self) -> u32 {
        self.max_attempts.unwrap_or(DEFAULT_ATTEMPTS)
    }

    fn check_choice(&self) -> Result<(), String> {
        let text = self.text.as_deref().unwrap_or_default();
        if text.trim().is_empty() {
            return Err("A pergunta das opções (text) está vazia.".into());
        }
        if text.chars().count() > MAX_QUESTION {
            return Err(format!("A pergunta das opções passa de {MAX_QUESTION} caracteres."));
        }
        if self.save_to.is_some() {
            return Err("save_to vale para perguntas de texto; numa escolha use variable.".into());
        }
        if self.options.is_empty() || self.options.len() > MAX_OPTIONS {
            return Err(format!("A escolha deve ter de 1 a {MAX_OPTIONS} opções; tem {}.", self.options.len()));
        }
        for (index, option) in self.options.iter().enumerate() {
            let number = index + 1;
            if option.id.trim().is_empty() || option.title.trim().is_empty() {
                return Err(format!("A opção {number} precisa de id e de título."));
            }
            if option.id.chars().count() > MAX_PORT {
                return Err(format!("O id da opção {number} passa de {MAX_PORT} caracteres."));
            }
            if option.title.chars().count() > MAX_ROW_TITLE {
                return Err(format!("O título da opção {number} passa de {MAX_ROW_TITLE} caracteres."));
            }
            if [NEXT, NO_MATCH, TIMEOUT, TEXT].contains(&option.id.as_str()) {
                return Err(format!("A opção {number} não pode ter o id \"{}\", reservado ao próprio nó.", option.id));
            }
            if self.options[..index].iter().any(|earlier| earlier.id == option.id) {
                return Err(format!("O id \"{}\" aparece em mais de uma opção.", option.id));
            }
        }
        Ok(())
    }

    /// The options as the contact sees them.
    pub fn choices(&self) -> Vec<Choice> {
        self.options.iter().map(|option| Choice::new(&option.id, &option.title)).collect()
    }

    /// The choice message: reply buttons when they can hold every option, a list otherwise.
    pub fn menu(&self) -> Effect {
        let text = self.text.clone().unwrap_or_default();
        let choices = self.choices();
        let fits_buttons = choices.len() <= MAX_BUTTONS
            && choices.iter().all(|choice| choice.title.chars().count() <= MAX_BUTTON_TITLE);
        if fits_buttons { Effect::send_buttons(text, choices) } else { Effect::send_options(text, choices) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::OutboundMessage;

    fn problem(config: &str) -> String {
        match ContentConfig::parse(config) {
            Err(PluginError::InvalidConfig(message)) => message,
            other => panic!("expected an invalid configuration, got {other:?}"),
        }
    }

    fn choice(options: &str) -> String {
        format!(r#"{{"input": {{"kind": "choice", "text": "Escolha", "options": {options}}}}}"#)
    }

    #[test]
    fn configurations_that_cannot_work_are_refused_with_the_reason() {
        assert!(problem(r#"{"messages": ["Oi"], "extra": 1}"#).contains("unknown field `extra`"));
        assert_eq!(problem("{}"), "O conteúdo não tem mensagens nem pergunta.");
        assert_eq!(problem(r#"{"messages": [" "]}"#), "A mensagem 1 está vazia.");
        assert_eq!(problem(&choice("[]")), "A escolha deve ter de 1 a 10 opções; tem 0.");
        assert_eq!(problem(&choice(r#"[{"id": "", "title": "A"}]"#)), "A opção 1 precisa de id e de título.");
        assert_eq!(
            problem(&choice(r#"[{"id": "a", "title": "A"}, {"id": "timeout", "title": "B"}]"#)),
            "A opção 2 não pode ter o id \"timeout\", reservado ao próprio nó."
        );
        assert_eq!(
            problem(&choice(r#"[{"id": "a", "title": "A"}, {"id": "a", "title": "B"}]"#)),
            "O id \"a\" aparece em mais de uma opção."
        );
        assert_eq!(
            problem(&choice(r#"[{"id": "a", "title": "Um título longo demais para a lista"}]"#)),
            "O título da opção 1 passa de 24 caracteres."
        );
        assert_eq!(
            problem(r#"{"input": {"kind": "text"}}"#),
            "Uma pergunta de texto precisa de ao menos uma mensagem que pergunte."
        );
        assert_eq!(
            problem(r#"{"messages": ["Seu e-mail?"], "input": {"kind": "text", "max_attempts": 11}}"#),
            "max_attempts deve ficar entre 1 e 10."
        );
    }

    #[test]
    fn ports_follow_the_question() {
        assert_eq!(ContentConfig::parse(r#"{"messages": ["Oi"]}"#).unwrap().ports(), ["next"]);
        let text = r#"{"messages": ["Seu e-mail?"], "input": {"kind": "text", "save_to": "email"}}"#;
        assert_eq!(ContentConfig::parse(text).unwrap().ports(), ["next", "no_match", "timeout"]);
        let menu = r#"{"input": {"kind": "choice", "text": "?", "accept_free_text": true,
            "options": [{"id": "vendas", "title": "Vendas"}, {"id": "suporte", "title": "Suporte"}]}}"#;
        assert_eq!(ContentConfig::parse(menu).unwrap().ports(), ["vendas", "suporte", "no_match", "timeout", "text"]);
    }

    #[test]
    fn long_titles_turn_even_few_options_into_a_list() {
        let config = ContentConfig::parse(&choice(r#"[{"id": "a", "title": "Segunda via de boleto"}]"#)).unwrap();
        let menu = config.input.unwrap().menu();
        assert!(matches!(menu, Effect::Send(OutboundMessage::Options(_))), "{menu:?}");
    }
}
