//! Matching the request's values to the template's parameters, and saying, in Portuguese, which
//! are missing, extra or empty.

use atende_sdk::{PluginError, RenderRequest};

use crate::placeholders::{Param, params};
use crate::template::{ButtonKind, Header, Template};

/// Where a parameter sits; positional numbering restarts in each place, as in Meta's templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The header text.
    Header,
    /// The body text.
    Body,
    /// The button at this index.
    Button(usize),
}

/// The value of every parameter of a template, checked complete.
#[derive(Debug)]
pub struct Values<'r> {
    positional: Vec<(Place, usize, &'r str)>,
    named: Vec<(&'r str, &'r str)>,
}

impl Values<'_> {
    /// The value of `{{n}}` in `place`.
    pub fn positional(&self, place: Place, n: usize) -> &str {
        self.positional.iter().find(|(p, i, _)| *p == place && *i == n).map_or("", |(_, _, value)| value)
    }

    /// The value of `{{name}}`.
    pub fn named(&self, name: &str) -> &str {
        self.named.iter().find(|(n, _)| *n == name).map_or("", |(_, value)| value)
    }

    /// The value of `param` in `place`.
    pub fn get(&self, place: Place, param: Param<'_>) -> &str {
        match param {
            Param::Positional(n) => self.positional(place, n),
            Param::Named(name) => self.named(name),
        }
    }
}

/// A positional parameter the template needs, in reading order.
struct Slot {
    place: Place,
    n: usize,
    /// How the agent recognises it: `{{2}} do corpo`.
    label: String,
}

/// The values of `request` for `template`, or [`PluginError::InvalidInput`] naming every
/// parameter that is missing, extra or empty.
pub fn bind<'r>(template: &Template, request: &'r RenderRequest) -> Result<Values<'r>, PluginError> {
    let slots = positional_slots(template);
    let names = named_params(template);
    let given = &request.positional;
    let given_named = |name: &str| request.named.iter().find(|(n, _)| n == name).map(|(_, value)| value.as_str());

    let mut problems = Vec::new();
    let mut missing: Vec<String> = slots.iter().skip(given.len()).map(|slot| slot.label.clone()).collect();
    let positional_missing = !missing.is_empty();
    missing.extend(names.iter().filter(|name| given_named(name).is_none()).map(|name| braces(name)));
    if !missing.is_empty() {
        let count =
            if positional_missing { format!(" ({})", count_note(slots.len(), given.len())) } else { String::new() };
        problems.push(match missing.len() {
            1 => format!("Falta o parâmetro {}{count}.", missing[0]),
            _ => format!("Faltam os parâmetros {}{count}.", join(&missing)),
        });
    }
    if given.len() > slots.len() {
        let extra: Vec<String> = given[slots.len()..].iter().map(|value| format!("\"{value}\"")).collect();
        let note = count_note(slots.len(), given.len());
        problems.push(match extra.len() {
            1 => format!("Sobra o parâmetro {} ({note}).", extra[0]),
            _ => format!("Sobram os parâmetros {} ({note}).", join(&extra)),
        });
    }
    let unknown: Vec<String> = request
        .named
        .iter()
        .filter(|(name, _)| !names.contains(&name.as_str()))
        .map(|(name, _)| braces(name))
        .collect();
    match unknown.len() {
        0 => {}
        1 => problems.push(format!("Parâmetro desconhecido: {}.", unknown[0])),
        _ => problems.push(format!("Parâmetros desconhecidos: {}.", join(&unknown))),
    }
    // Meta refuses empty parameters at send time; better to say which one here.
    let blank = |value: &str| value.trim().is_empty();
    let mut empty: Vec<String> =
        slots.iter().zip(given).filter(|(_, value)| blank(value)).map(|(slot, _)| slot.label.clone()).collect();
    empty.extend(names.iter().filter(|name| given_named(name).is_some_and(blank)).map(|name| braces(name)));
    match empty.len() {
        0 => {}
        1 => problems.push(format!("O parâmetro {} está vazio.", empty[0])),
        _ => problems.push(format!("Os parâmetros {} estão vazios.", join(&empty))),
    }
    if !problems.is_empty() {
        return Err(PluginError::InvalidInput(problems.join(" ")));
    }

    Ok(Values {
        positional: slots.iter().zip(given).map(|(slot, value)| (slot.place, slot.n, value.as_str())).collect(),
        named: names.iter().filter_map(|&name| Some((name_in(request, name)?, given_named(name)?))).collect(),
    })
}

/// The request's own copy of `name`, so that the values borrow only from the request.
fn name_in<'r>(request: &'r RenderRequest, name: &str) -> Option<&'r str> {
    request.named.iter().find(|(n, _)| n == name).map(|(n, _)| n.as_str())
}

fn positional_slots(template: &Template) -> Vec<Slot> {
    let mut slots = Vec::new();
    if let Some(Header::Text(text)) = &template.header {
        numbered(&mut slots, text, Place::Header, "do cabeçalho");
    }
    if let Some(body) = &template.body {
        numbered(&mut slots, body, Place::Body, "do corpo");
    }
    for (index, button) in template.buttons.iter().enumerate() {
        let place = Place::Button(index);
        match &button.kind {
            ButtonKind::Url(url) => numbered(&mut slots, url, place, &format!("da URL do botão {}", index + 1)),
            ButtonKind::CopyCode => {
                let label = format!("{} do botão {} (código a copiar)", braces("1"), index + 1);
                slots.push(Slot { place, n: 1, label });
            }
            ButtonKind::Plain => {}
        }
    }
    slots
}

/// One slot per `{{1}}` … `{{n}}` of `text`, `n` being its highest number: Meta numbers from
/// `{{1}}` without gaps, and a gap still takes a value so that the counts stay honest.
fn numbered(slots: &mut Vec<Slot>, text: &str, place: Place, whereabouts: &str) {
    let highest = params(text)
        .filter_map(|param| match param {
            Param::Positional(n) => Some(n),
            Param::Named(_) => None,
        })
        .max()
        .unwrap_or(0);
    slots.extend((1..=highest).map(|n| Slot { place, n, label: format!("{} {whereabouts}", braces(&n.to_string())) }));
}

/// Every `{{name}}` of the template, once each, in reading order.
fn named_params(template: &Template) -> Vec<&str> {
    let header = match &template.header {
        Some(Header::Text(text)) => Some(text.as_str()),
        _ => None,
    };
    let mut names: Vec<&str> = Vec::new();
    for text in header.into_iter().chain(template.body.as_deref()) {
        for param in params(text) {
            if let Param::Named(name) = param
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
    }
    names
}

fn count_note(used: usize, got: usize) -> String {
    match used {
        0 => format!("o template não usa parâmetros posicionais e recebeu {got}"),
        1 => format!("o template usa 1 parâmetro posicional e recebeu {got}"),
        _ => format!("o template usa {used} parâmetros posicionais e recebeu {got}"),
    }
}

fn braces(name: &str) -> String {
    format!("{{{{{name}}}}}")
}

/// `a`, `a e b`, `a, b e c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} e {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::parse;

    const POSITIONAL: &str = r#"[
        {"type": "HEADER", "format": "TEXT", "text": "Act fast, {{1}}!"},
        {"type": "BODY", "text": "Your coupon code, {{1}}, expires in {{2}} days. Code {{1}} again."},
        {"type": "BUTTONS", "buttons": [
            {"type": "URL", "text": "See deals", "url": "https://x.com/deals/{{1}}"},
            {"type": "QUICK_REPLY", "text": "Unsubscribe"}
        ]}
    ]"#;

    const NAMED: &str = r#"[
        {"type": "HEADER", "format": "TEXT", "text": "Olá {{nome}}"},
        {"type": "BODY", "text": "{{nome}}, sua reserva para {{convidados}} pessoas em {{dia}} está confirmada."}
    ]"#;

    fn request(positional: &[&str], named: &[(&str, &str)]) -> RenderRequest {
        RenderRequest {
            components: String::new(),
            positional: positional.iter().map(|v| v.to_string()).collect(),
            named: named.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
        }
    }

    fn error(components: &str, request: &RenderRequest) -> String {
        let template = parse(components).unwrap();
        match bind(&template, request) {
            Err(PluginError::InvalidInput(message)) => message,
            other => panic!("expected invalid input, got {other:?}"),
        }
    }

    #[test]
    fn positional_values_go_header_then_body_then_buttons() {
        let template = parse(POSITIONAL).unwrap();
        let req = request(&["Pablo", "SUMMER20", "10", "summer"], &[]);
        let values = bind(&template, &req).unwrap();
        assert_eq!(values.positional(Place::Header, 1), "Pablo");
        assert_eq!(values.positional(Place::Body, 1), "SUMMER20");
        assert_eq!(values.positional(Place::Body, 2), "10");
        assert_eq!(values.positional(Place::Button(0), 1), "summer");
    }

    #[test]
    fn named_values_are_found_by_name_in_any_order() {
        let template = parse(NAMED).unwrap();
        let req = request(&[], &[("dia", "sábado"), ("convidados", "4"), ("nome", "Ana")]);
        let values = bind(&template, &req).unwrap();
        assert_eq!(values.named("nome"), "Ana");
        assert_eq!(values.named("convidados"), "4");
        assert_eq!(values.named("dia"), "sábado");
    }

    #[test]
    fn missing_positional_values_are_named_with_their_place() {
        assert_eq!(
            error(POSITIONAL, &request(&["Pablo", "SUMMER20"], &[])),
            "Faltam os parâmetros {{2}} do corpo e {{1}} da URL do botão 1 \
             (o template usa 4 parâmetros posicionais e recebeu 2)."
        );
        assert_eq!(
            error(POSITIONAL, &request(&["Pablo", "SUMMER20", "10"], &[])),
            "Falta o parâmetro {{1}} da URL do botão 1 (o template usa 4 parâmetros posicionais e recebeu 3)."
        );
    }

    #[test]
    fn extra_positional_values_are_quoted() {
        assert_eq!(
            error(POSITIONAL, &request(&["a", "b", "c", "d", "e"], &[])),
            "Sobra o parâmetro \"e\" (o template usa 4 parâmetros posicionais e recebeu 5)."
        );
        assert_eq!(
            error(NAMED, &request(&["x", "y"], &[("nome", "A"), ("convidados", "2"), ("dia", "hoje")])),
            "Sobram os parâmetros \"x\" e \"y\" (o template não usa parâmetros posicionais e recebeu 2)."
        );
    }

    #[test]
    fn missing_and_unknown_names_are_listed() {
        assert_eq!(
            error(NAMED, &request(&[], &[("nome", "Ana"), ("cidade", "Rio")])),
            "Faltam os parâmetros {{convidados}} e {{dia}}. Parâmetro desconhecido: {{cidade}}."
        );
    }

    #[test]
    fn empty_values_are_refused() {
        assert_eq!(
            error(POSITIONAL, &request(&["Pablo", " ", "10", ""], &[])),
            "Os parâmetros {{1}} do corpo e {{1}} da URL do botão 1 estão vazios."
        );
        assert_eq!(
            error(NAMED, &request(&[], &[("nome", ""), ("convidados", "2"), ("dia", "hoje")])),
            "O parâmetro {{nome}} está vazio."
        );
    }

    #[test]
    fn a_copy_code_button_takes_a_value() {
        let components = r#"[{"type": "BODY", "text": "Oi"}, {"type": "BUTTONS", "buttons": [
            {"type": "QUICK_REPLY", "text": "Parar"}, {"type": "COPY_CODE", "example": "X"}]}]"#;
        assert_eq!(
            error(components, &request(&[], &[])),
            "Falta o parâmetro {{1}} do botão 2 (código a copiar) (o template usa 1 parâmetro posicional e recebeu 0)."
        );
    }

    #[test]
    fn a_template_without_parameters_takes_no_values() {
        let template = parse(r#"[{"type": "BODY", "text": "Sem parâmetros"}]"#).unwrap();
        assert!(bind(&template, &request(&[], &[])).is_ok());
    }
}
