//! The two outputs of a render: the preview text and Meta's send `components`.

use serde_json::{Map, Value, json};

use crate::bind::{Place, Values};
use crate::placeholders::{Param, Piece, params, split};
use crate::template::{ButtonKind, Header, Template};

/// The template as the contact reads it: header, body and footer separated by blank lines, then
/// one `[label]` line per button. A media header shows nothing: history keeps text only (C14).
pub fn preview(template: &Template, values: &Values<'_>) -> String {
    let mut blocks = Vec::new();
    if let Some(Header::Text(text)) = &template.header {
        blocks.push(fill(text, Place::Header, values));
    }
    if let Some(body) = &template.body {
        blocks.push(fill(body, Place::Body, values));
    }
    if let Some(footer) = &template.footer {
        blocks.push(footer.clone());
    }
    let buttons: Vec<String> = template
        .buttons
        .iter()
        .filter_map(|button| match (&button.kind, button.text.as_str()) {
            (ButtonKind::CopyCode, "") => Some("[Copiar código]".to_owned()),
            (_, "") => None,
            (_, label) => Some(format!("[{label}]")),
        })
        .collect();
    blocks.push(buttons.join("\n"));
    blocks.retain(|block| !block.trim().is_empty());
    blocks.join("\n\n")
}

/// The `components` of Meta's send request: one entry per header, body or button that takes
/// parameters, in that order.
pub fn send_components(template: &Template, values: &Values<'_>) -> Value {
    let mut components = Vec::new();
    match &template.header {
        Some(Header::Text(text)) => push_text_component(&mut components, "header", text, Place::Header, values),
        Some(Header::Media { kind, link }) => {
            let mut media = Map::new();
            media.insert("type".into(), json!(kind));
            media.insert((*kind).into(), json!({ "link": link }));
            components.push(json!({ "type": "header", "parameters": [media] }));
        }
        None => {}
    }
    if let Some(body) = &template.body {
        push_text_component(&mut components, "body", body, Place::Body, values);
    }
    for (index, button) in template.buttons.iter().enumerate() {
        let place = Place::Button(index);
        let (sub_type, parameters) = match &button.kind {
            ButtonKind::Url(url) => ("url", text_parameters(url, place, values)),
            ButtonKind::CopyCode => {
                ("copy_code", vec![json!({ "type": "coupon_code", "coupon_code": values.positional(place, 1) })])
            }
            ButtonKind::Plain => continue,
        };
        if !parameters.is_empty() {
            components.push(json!({
                "type": "button",
                "sub_type": sub_type,
                "index": index.to_string(),
                "parameters": parameters,
            }));
        }
    }
    Value::Array(components)
}

fn push_text_component(components: &mut Vec<Value>, kind: &str, text: &str, place: Place, values: &Values<'_>) {
    let parameters = text_parameters(text, place, values);
    if !parameters.is_empty() {
        components.push(json!({ "type": kind, "parameters": parameters }));
    }
}

/// `{{1}}` … `{{n}}` in number order, then each `{{name}}` once in reading order, the named ones
/// carrying their `parameter_name` as Meta's named templates require.
fn text_parameters(text: &str, place: Place, values: &Values<'_>) -> Vec<Value> {
    let mut highest = 0;
    let mut names: Vec<&str> = Vec::new();
    for param in params(text) {
        match param {
            Param::Positional(n) => highest = highest.max(n),
            Param::Named(name) if !names.contains(&name) => names.push(name),
            Param::Named(_) => {}
        }
    }
    let positional = (1..=highest).map(|n| json!({ "type": "text", "text": values.positional(place, n) }));
    let named =
        names.into_iter().map(|name| json!({ "type": "text", "parameter_name": name, "text": values.named(name) }));
    positional.chain(named).collect()
}

/// `text` with its parameters replaced by their values.
fn fill(text: &str, place: Place, values: &Values<'_>) -> String {
    split(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(literal) => literal,
            Piece::Param(param) => values.get(place, param),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bind::bind;
    use crate::template::parse;
    use atende_sdk::RenderRequest;

    fn render(components: &str, positional: &[&str], named: &[(&str, &str)]) -> (String, Value) {
        let template = parse(components).unwrap();
        let request = RenderRequest {
            components: components.into(),
            positional: positional.iter().map(|v| v.to_string()).collect(),
            named: named.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
        };
        let values = bind(&template, &request).unwrap();
        (preview(&template, &values), send_components(&template, &values))
    }

    /// `coupon_expiration_reminder_number_vars` from Meta's template list, with a URL parameter.
    const COUPON: &str = r#"[
        {"type": "HEADER", "format": "TEXT", "text": "Act fast, {{1}}!", "example": {"header_text": ["Pablo"]}},
        {"type": "BODY", "text": "Your coupon code, {{1}}, *expires in only {{2}} days!*"},
        {"type": "FOOTER", "text": "Lucky Shrub Succulents"},
        {"type": "BUTTONS", "buttons": [
            {"type": "URL", "text": "See deals", "url": "https://www.luckyshrub.com/deals/{{1}}"},
            {"type": "QUICK_REPLY", "text": "Unsubscribe"}
        ]}
    ]"#;

    /// `reservation_confirmation` from Meta's template list: named parameters, image header.
    const RESERVATION: &str = r#"[
        {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["https://scontent.whatsapp.net/v/t61"]}},
        {"type": "BODY", "text": "*You're all set!*\n\nYour reservation for {{number_of_guests}} on {{day}}, {{date}}, at {{time}}, is confirmed."},
        {"type": "FOOTER", "text": "Lucky Shrub Eatery"},
        {"type": "BUTTONS", "buttons": [
            {"type": "URL", "text": "Change reservation", "url": "https://www.luckyshrubeater.com/reservations"},
            {"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "+16467043595"},
            {"type": "QUICK_REPLY", "text": "Cancel reservation"}
        ]}
    ]"#;

    #[test]
    fn a_positional_template_previews_and_sends_every_component() {
        let (preview, send) = render(COUPON, &["Pablo", "SUMMER20", "10", "summer"], &[]);
        assert_eq!(
            preview,
            "Act fast, Pablo!\n\nYour coupon code, SUMMER20, *expires in only 10 days!*\n\nLucky Shrub Succulents\n\n\
             [See deals]\n[Unsubscribe]"
        );
        assert_eq!(
            send,
            json!([
                {"type": "header", "parameters": [{"type": "text", "text": "Pablo"}]},
                {"type": "body", "parameters": [{"type": "text", "text": "SUMMER20"}, {"type": "text", "text": "10"}]},
                {"type": "button", "sub_type": "url", "index": "0", "parameters": [{"type": "text", "text": "summer"}]}
            ])
        );
    }

    #[test]
    fn a_named_template_sends_parameter_names_and_its_example_image() {
        let named =
            [("number_of_guests", "4"), ("day", "Saturday"), ("date", "August 30th, 2025"), ("time", "7:30 pm")];
        let (preview, send) = render(RESERVATION, &[], &named);
        assert_eq!(
            preview,
            "*You're all set!*\n\nYour reservation for 4 on Saturday, August 30th, 2025, at 7:30 pm, is confirmed.\n\n\
             Lucky Shrub Eatery\n\n[Change reservation]\n[Call us]\n[Cancel reservation]"
        );
        // The same as Meta's own example request (wa_send_template_named_request.json), with the
        // image sent by link instead of by uploaded id.
        assert_eq!(
            send,
            json!([
                {"type": "header", "parameters": [{"type": "image", "image": {"link": "https://scontent.whatsapp.net/v/t61"}}]},
                {"type": "body", "parameters": [
                    {"type": "text", "parameter_name": "number_of_guests", "text": "4"},
                    {"type": "text", "parameter_name": "day", "text": "Saturday"},
                    {"type": "text", "parameter_name": "date", "text": "August 30th, 2025"},
                    {"type": "text", "parameter_name": "time", "text": "7:30 pm"}
                ]}
            ])
        );
    }

    #[test]
    fn repeated_parameters_are_sent_once() {
        let (preview, send) =
            render(r#"[{"type": "BODY", "text": "{{1}} e {{1}}, {{nome}} e {{nome}}"}]"#, &["a"], &[("nome", "b")]);
        assert_eq!(preview, "a e a, b e b");
        assert_eq!(
            send,
            json!([{"type": "body", "parameters": [
                {"type": "text", "text": "a"},
                {"type": "text", "parameter_name": "nome", "text": "b"}
            ]}])
        );
    }

    #[test]
    fn a_template_without_parameters_sends_no_components() {
        let (preview, send) =
            render(r#"[{"type": "BODY", "text": "Olá!"}, {"type": "FOOTER", "text": "Equipe"}]"#, &[], &[]);
        assert_eq!(preview, "Olá!\n\nEquipe");
        assert_eq!(send, json!([]));
    }

    #[test]
    fn a_copy_code_button_sends_its_coupon() {
        let components = r#"[{"type": "BODY", "text": "Seu cupom chegou"}, {"type": "BUTTONS", "buttons": [
            {"type": "QUICK_REPLY", "text": "Parar"}, {"type": "COPY_CODE", "example": "X"}]}]"#;
        let (preview, send) = render(components, &["CUPOM10"], &[]);
        assert_eq!(preview, "Seu cupom chegou\n\n[Parar]\n[Copiar código]");
        assert_eq!(
            send,
            json!([{"type": "button", "sub_type": "copy_code", "index": "1",
                    "parameters": [{"type": "coupon_code", "coupon_code": "CUPOM10"}]}])
        );
    }
}
