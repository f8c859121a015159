//! The rules a flow step's effects must follow before the host applies any of them: names that
//! fit, messages within the limits every message obeys (WhatsApp's, in `domain::content`), sane
//! states and times. A step that breaks them fails as a whole (`invalid output`), so nothing
//! half-applies.

use super::bindings::flow_step::{Assignment, Effect, OutboundMessage};
use crate::domain::message::MAX_TEXT_CHARS;

/// Largest saved state of a waiting or scheduled step.
const MAX_STATE_BYTES: usize = 16 << 10;
/// Longest a step may wait for a reply: 30 days.
const MAX_WAIT_MS: u64 = 30 * 24 * 3600 * 1000;

fn name(kind: &str, value: &str, max: usize) -> Result<(), String> {
    if value.trim().is_empty() || value.chars().count() > max {
        return Err(format!(
            "{kind} deve ter de 1 a {max} caracteres (recebido: {:?})",
            value.chars().take(40).collect::<String>()
        ));
    }
    Ok(())
}

/// Check one effect.
pub fn check(effect: &Effect) -> Result<(), String> {
    match effect {
        // Texts, buttons and lists obey the limits every message obeys (domain::content).
        Effect::Send(
            message @ (OutboundMessage::Text(_) | OutboundMessage::Buttons(_) | OutboundMessage::Options(_)),
        ) => match super::boundary::content_of(message) {
            Some(content) => content.check().map_err(|refusal| refusal.0),
            None => Ok(()),
        },
        Effect::Send(OutboundMessage::Template(template)) => {
            name("o nome do template", &template.name, 512).and(name("o idioma do template", &template.language, 16))
        }
        Effect::SetField((field, _)) => name("o nome do campo", field, 64),
        Effect::AddTag(tag) | Effect::RemoveTag(tag) => name("a etiqueta", tag, 64),
        Effect::GoTo(port) => name("a porta de saída", port, 64),
        Effect::OpenService(assignment) => {
            let id = match assignment {
                Assignment::None | Assignment::LastAgent(None) => return Ok(()),
                Assignment::Department(id)
                | Assignment::Agent(id)
                | Assignment::RandomAgent(id)
                | Assignment::NextInSequence(id)
                | Assignment::LastAgent(Some(id)) => *id,
            };
            if id <= 0 { Err(format!("id de atribuição inválido: {id}")) } else { Ok(()) }
        }
        Effect::Schedule((at, state)) => {
            if *at <= 0 {
                return Err(format!("horário de agendamento inválido: {at}"));
            }
            state_size(state)
        }
        Effect::WaitForInput(wait) => {
            if wait.timeout_ms.is_some_and(|t| t == 0 || t > MAX_WAIT_MS) {
                return Err("o tempo de espera deve ficar entre 1 ms e 30 dias".into());
            }
            state_size(&wait.state)
        }
        Effect::SetVariable(variable) => name("o nome da variável", &variable.name, 64),
        Effect::SaveReply((field, input)) => {
            name("o nome do campo", field, 64)?;
            if input.chars().count() > MAX_TEXT_CHARS {
                return Err(format!("a resposta a salvar passa de {MAX_TEXT_CHARS} caracteres"));
            }
            Ok(())
        }
        Effect::Book((start, end)) => {
            if *start <= 0 || end <= start {
                Err(format!("agendamento inválido: de {start} a {end}"))
            } else {
                Ok(())
            }
        }
        Effect::GoToFlow(flow_id) => {
            if *flow_id <= 0 {
                Err(format!("id de fluxo inválido: {flow_id}"))
            } else {
                Ok(())
            }
        }
        Effect::End(reason) => {
            if reason.chars().count() > 200 {
                Err("o motivo do fim passa de 200 caracteres".into())
            } else {
                Ok(())
            }
        }
    }
}

fn state_size(state: &str) -> Result<(), String> {
    if state.len() > MAX_STATE_BYTES {
        return Err(format!("o estado salvo tem {} bytes; o máximo é {MAX_STATE_BYTES}", state.len()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugins::bindings::flow_step::{Choice, Wait};

    fn choices(n: usize) -> Vec<Choice> {
        (0..n).map(|i| Choice { id: format!("c{i}"), title: format!("Opção {i}") }).collect()
    }

    #[test]
    fn buttons_and_lists_respect_whatsapps_limits() {
        assert!(check(&Effect::Send(OutboundMessage::Buttons(("Escolha".into(), choices(3))))).is_ok());
        assert!(
            check(&Effect::Send(OutboundMessage::Buttons(("Escolha".into(), choices(20)))))
                .unwrap_err()
                .contains("1 a 3 botões")
        );
        assert!(check(&Effect::Send(OutboundMessage::Options(("Escolha".into(), choices(10))))).is_ok());
        assert!(check(&Effect::Send(OutboundMessage::Options(("Escolha".into(), choices(11))))).is_err());
        let long = vec![Choice { id: "x".into(), title: "um título longo demais para um botão".into() }];
        assert!(
            check(&Effect::Send(OutboundMessage::Buttons(("Escolha".into(), long)))).unwrap_err().contains("título")
        );
    }

    #[test]
    fn ports_names_and_states_must_be_sane() {
        assert!(check(&Effect::GoTo("".into())).unwrap_err().contains("porta"));
        assert!(check(&Effect::GoTo("sim".into())).is_ok());
        assert!(check(&Effect::AddTag(" ".into())).is_err());
        assert!(
            check(&Effect::WaitForInput(Wait { state: "x".repeat(MAX_STATE_BYTES + 1), timeout_ms: None })).is_err()
        );
        assert!(check(&Effect::WaitForInput(Wait { state: "{}".into(), timeout_ms: Some(0) })).is_err());
        assert!(check(&Effect::Schedule((0, "{}".into()))).is_err());
        assert!(check(&Effect::OpenService(Assignment::Department(-1))).is_err());
        assert!(check(&Effect::OpenService(Assignment::LastAgent(None))).is_ok());
    }
}
