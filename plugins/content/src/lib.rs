//! `content`: the content node of a flow (F2). It sends its messages, then either leaves by
//! `next` or asks a question and routes the flow by the answer. It is also the model
//! integrators copy: configuration decoded and checked in [`config`], the option picked by the
//! sdk's [`atende_sdk::choose`], and here only the wiring of triggers to effects.
//!
//! - `enter`: send the messages; with a choice, send the question with its options as reply
//!   buttons (up to 3 short titles) or a list, and wait; with a text question, wait.
//! - a reply to a choice: leave through the chosen option's `id`, matched by the button or row
//!   tapped, by its title typed in any case, or by its number ("1", "2" …); with free text
//!   accepted, other text leaves by `text`.
//! - a reply to a text question: any text is the answer; "Salvar" (`save_to`) asks the host to
//!   store it in a contact field, whose validator may refuse it (the host then answers and the
//!   node keeps waiting); then leave by `next`.
//! - a reply that answers nothing (a sticker to a text question, an unknown option): send the
//!   retry message and wait again, up to `max_attempts` answers, then leave by `no_match`.
//! - the wait's `timeout_ms` passes: leave by `timeout`.

mod config;

use atende_sdk::{Effect, FlowStep, InboundMessage, PluginError, StepInput};
use serde::{Deserialize, Serialize};

use crate::config::{ContentConfig, InputConfig, InputKind, NEXT, NO_MATCH, TEXT, TIMEOUT};

/// What the contact reads when the reply matches nothing, unless the node says otherwise.
pub const NOT_UNDERSTOOD: &str = "Não entendi, escolha uma das opções.";
/// The same for a text question.
pub const NO_ANSWER: &str = "Não entendi, responda com uma mensagem de texto.";

/// The state kept while waiting: how many answers missed so far.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Waiting {
    missed: u32,
}

impl Waiting {
    fn of(input: &StepInput) -> Waiting {
        input.state.as_deref().and_then(|state| serde_json::from_str(state).ok()).unwrap_or_default()
    }

    fn effect(&self, input: &InputConfig) -> Effect {
        Effect::wait_for_input(serde_json::to_string(self).unwrap_or_default(), input.timeout_ms)
    }
}

/// The exported plugin.
struct Content;

impl FlowStep for Content {
    fn ports(config: &str) -> Result<Vec<String>, PluginError> {
        Ok(ContentConfig::parse(config)?.ports())
    }

    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        let config = ContentConfig::from_input(input)?;
        let mut effects: Vec<Effect> = config.messages.iter().map(Effect::send_text).collect();
        match &config.input {
            None => effects.push(Effect::go_to(NEXT)),
            Some(question) => {
                if question.kind == InputKind::Choice {
                    effects.push(question.menu());
                }
                effects.push(Waiting::default().effect(question));
            }
        }
        Ok(effects)
    }

    fn on_message(input: &StepInput, message: &InboundMessage) -> Result<Vec<Effect>, PluginError> {
        let config = ContentConfig::from_input(input)?;
        let Some(question) = &config.input else {
            return Err(PluginError::Unsupported("este conteúdo não espera resposta".into()));
        };
        let typed = message.text.as_deref().map(str::trim).filter(|text| !text.is_empty());
        let choices = question.choices();
        let answered = match question.kind {
            InputKind::Choice => match atende_sdk::choose(&choices, message) {
                Some(option) => Some((option.id.as_str(), option.title.as_str())),
                None if question.accept_free_text => typed.map(|text| (TEXT, text)),
                None => None,
            },
            InputKind::Text => typed.map(|text| (NEXT, text)),
        };
        let Some((port, answer)) = answered else { return Ok(retry(input, question)) };
        let mut effects = Vec::new();
        if let Some(field) = &question.save_to {
            effects.push(Effect::save_reply(field, answer));
        }
        if let Some(variable) = &question.variable {
            effects.push(Effect::set_variable(variable, answer));
        }
        effects.push(Effect::go_to(port));
        Ok(effects)
    }

    fn on_timeout(_input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        Ok(vec![Effect::go_to(TIMEOUT)])
    }
}

/// An answer that matched nothing: ask again, or leave by `no_match` after the last attempt.
fn retry(input: &StepInput, question: &InputConfig) -> Vec<Effect> {
    let missed = Waiting::of(input).missed + 1;
    if missed >= question.attempts() {
        return vec![Effect::go_to(NO_MATCH)];
    }
    let default = if question.kind == InputKind::Choice { NOT_UNDERSTOOD } else { NO_ANSWER };
    let mut effects = vec![Effect::send_text(question.retry_message.as_deref().unwrap_or(default))];
    if question.kind == InputKind::Choice {
        effects.push(question.menu());
    }
    effects.push(Waiting { missed }.effect(question));
    effects
}

atende_sdk::export_flow_step!(Content);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::testing::{step_input, tapped, typed};
    use atende_sdk::{Choice, Trigger};

    const MENU: &str = r#"{"messages": ["Olá, {nome}!"], "input": {"kind": "choice", "text": "Como podemos ajudar?",
        "variable": "assunto", "timeout_ms": 600000, "options": [
        {"id": "vendas", "title": "Vendas"}, {"id": "suporte", "title": "Suporte"}, {"id": "humano", "title": "Falar com atendente"}]}}"#;

    const EMAIL: &str =
        r#"{"messages": ["Qual é o seu e-mail?"], "input": {"kind": "text", "save_to": "email", "max_attempts": 2}}"#;

    fn run(config: &str, trigger: Trigger) -> Vec<Effect> {
        Content::run(step_input(config, trigger)).unwrap()
    }

    fn after(config: &str, missed: u32, trigger: Trigger) -> Vec<Effect> {
        let mut input = step_input(config, trigger);
        input.state = Some(format!(r#"{{"missed":{missed}}}"#));
        Content::run(input).unwrap()
    }

    fn waiting(missed: u32, timeout_ms: Option<u64>) -> Effect {
        Effect::wait_for_input(format!(r#"{{"missed":{missed}}}"#), timeout_ms)
    }

    #[test]
    fn entering_sends_the_messages_then_the_choice_and_waits() {
        let choices = vec![
            Choice::new("vendas", "Vendas"),
            Choice::new("suporte", "Suporte"),
            Choice::new("humano", "Falar com atendente"),
        ];
        assert_eq!(
            run(MENU, Trigger::Enter),
            vec![
                Effect::send_text("Olá, {nome}!"),
                Effect::send_buttons("Como podemos ajudar?", choices),
                waiting(0, Some(600_000))
            ]
        );
    }

    #[test]
    fn messages_alone_go_on_at_once() {
        assert_eq!(
            run(r#"{"messages": ["Bem-vindo!", "Vamos começar."]}"#, Trigger::Enter),
            vec![Effect::send_text("Bem-vindo!"), Effect::send_text("Vamos começar."), Effect::go_to("next")]
        );
    }

    #[test]
    fn a_recognised_choice_leaves_through_its_port_with_its_title_kept() {
        let chose = |trigger| run(MENU, trigger);
        let expected = |port: &str, title: &str| vec![Effect::set_variable("assunto", title), Effect::go_to(port)];
        assert_eq!(chose(tapped("suporte", "Suporte")), expected("suporte", "Suporte"));
        assert_eq!(chose(typed("  VENDAS ")), expected("vendas", "Vendas"));
        assert_eq!(chose(typed("3")), expected("humano", "Falar com atendente"));
    }

    #[test]
    fn a_reply_that_matches_nothing_is_asked_again_then_leaves_by_no_match() {
        let first = after(MENU, 0, typed("quero falar com alguém"));
        assert_eq!(first[0], Effect::send_text(NOT_UNDERSTOOD));
        assert!(matches!(first[1], Effect::Send(_)), "the options again");
        assert_eq!(first[2], waiting(1, Some(600_000)));
        assert_eq!(after(MENU, 2, typed("???")), vec![Effect::go_to("no_match")], "the third miss of three");
    }

    #[test]
    fn free_text_accepted_leaves_by_text() {
        let config = r#"{"input": {"kind": "choice", "text": "?", "accept_free_text": true, "variable": "pedido",
            "options": [{"id": "a", "title": "A"}]}}"#;
        assert_eq!(run(config, typed("1234")), vec![Effect::set_variable("pedido", "1234"), Effect::go_to("text")]);
    }

    #[test]
    fn a_text_answer_is_saved_through_the_host_and_goes_on() {
        assert_eq!(
            run(EMAIL, typed(" maria@exemplo.com.br ")),
            vec![Effect::save_reply("email", "maria@exemplo.com.br"), Effect::go_to("next")]
        );
        let sticker =
            Trigger::ContactMessage(atende_sdk::InboundMessage { kind: "sticker".into(), text: None, reply_id: None });
        assert_eq!(after(EMAIL, 0, sticker.clone()), vec![Effect::send_text(NO_ANSWER), waiting(1, None)]);
        assert_eq!(after(EMAIL, 1, sticker), vec![Effect::go_to("no_match")]);
    }

    #[test]
    fn a_timeout_leaves_through_the_timeout_port() {
        assert_eq!(run(MENU, Trigger::Timeout), vec![Effect::go_to("timeout")]);
    }

    #[test]
    fn ports_come_from_the_configuration() {
        assert_eq!(Content::ports(MENU).unwrap(), ["vendas", "suporte", "humano", "no_match", "timeout"]);
        assert!(matches!(Content::ports("{}"), Err(PluginError::InvalidConfig(_))));
    }
}
