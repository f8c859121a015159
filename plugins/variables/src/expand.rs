//! Expanding every variable of a text.

use atende_sdk::{Expansion, ExpansionRequest, ImageRef};

use crate::lookup::{Value, lookup};
use crate::placeholder;

/// The text with known variables replaced and image variables turned into attachments.
pub fn expand(request: &ExpansionRequest) -> Expansion {
    let mut text = String::with_capacity(request.text.len());
    let mut images: Vec<ImageRef> = Vec::new();
    let mut rest = request.text.as_str();
    while let Some(start) = rest.find(['{', '<']) {
        text.push_str(&rest[..start]);
        rest = &rest[start..];
        let found = placeholder::at(rest)
            .and_then(|p| lookup(p.name, &request.contact, &request.variables).map(|value| (p.len, value)));
        match found {
            Some((len, Value::Text(value))) => {
                text.push_str(&value);
                rest = &rest[len..];
            }
            Some((len, Value::Image(image))) => {
                if !images.iter().any(|known| known.media_id == image.media_id) {
                    images.push(image.clone());
                }
                rest = close_gap(&mut text, &rest[len..]);
            }
            None => {
                // Not a known variable: keep the bracket and look for another one just after
                // it, so that `{{nome}}` still expands its inner `{nome}`.
                text.push_str(&rest[..1]);
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
    if !images.is_empty() {
        text = text.trim().to_owned();
    }
    Expansion { text, images }
}

/// After an image reference is removed: drop the space that would now be doubled, or the spaces
/// left dangling at the end of a line.
fn close_gap<'a>(text: &mut String, rest: &'a str) -> &'a str {
    let after_space = text.is_empty() || text.ends_with([' ', '\t', '\n']);
    match rest.chars().next() {
        Some(' ' | '\t') if after_space => &rest[1..],
        None | Some('\n' | '\r') => {
            text.truncate(text.trim_end_matches([' ', '\t']).len());
            rest
        }
        _ => rest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::testing::contact;
    use atende_sdk::{CustomField, FieldValue, Variable};

    fn photo(id: &str) -> ImageRef {
        ImageRef { media_id: id.into(), mime_type: "image/jpeg".into() }
    }

    fn request(text: &str) -> ExpansionRequest {
        let mut c = contact("Maria");
        c.custom_fields = vec![
            CustomField { key: "foto".into(), value: FieldValue::Image(photo("m1")) },
            CustomField { key: "logo".into(), value: FieldValue::Image(photo("m2")) },
            CustomField { key: "plano".into(), value: FieldValue::ListItem("Ouro".into()) },
        ];
        ExpansionRequest { text: text.into(), contact: c, variables: vec![Variable::new("protocolo", "2026-1")] }
    }

    fn expanded(text: &str) -> String {
        expand(&request(text)).text
    }

    #[test]
    fn braces_and_angle_brackets_name_the_same_variable() {
        assert_eq!(
            expanded("{nome}, muito obrigado por entrar em contato!"),
            "Maria, muito obrigado por entrar em contato!"
        );
        assert_eq!(expanded("Olá <nome>!"), "Olá Maria!");
        assert_eq!(expanded("{Nome} <NOME>"), "Maria Maria");
    }

    #[test]
    fn contact_fields_then_flow_variables() {
        assert_eq!(expanded("{nome}, plano {plano}, protocolo {protocolo}"), "Maria, plano Ouro, protocolo 2026-1");
    }

    #[test]
    fn unknown_variables_and_stray_brackets_stay_as_typed() {
        let text = "{desconhecido} <b>negrito</b> { nome } {nome a < b > c {}";
        assert_eq!(expanded(text), text);
        assert_eq!(expand(&request(text)).images, vec![]);
    }

    #[test]
    fn doubled_braces_expand_the_inner_variable() {
        assert_eq!(expanded("{{nome}}"), "{Maria}");
    }

    #[test]
    fn a_known_field_without_value_becomes_empty() {
        assert_eq!(expanded("CPF: {cpf}."), "CPF: .");
    }

    #[test]
    fn an_image_field_attaches_the_image_and_leaves_the_text() {
        let expansion = expand(&request("{foto}"));
        assert_eq!(expansion, Expansion { text: String::new(), images: vec![photo("m1")] });

        let expansion = expand(&request("  Segue sua foto, {nome}: {foto}  "));
        assert_eq!(expansion.text, "Segue sua foto, Maria:");
        assert_eq!(expansion.images, vec![photo("m1")]);
    }

    #[test]
    fn removing_an_image_leaves_no_double_or_dangling_space() {
        assert_eq!(expanded("Olá {foto} tudo bem"), "Olá tudo bem");
        assert_eq!(expanded("Veja {foto}\nabraço"), "Veja\nabraço");
        assert_eq!(expanded("{foto} {logo} Oi"), "Oi");
    }

    #[test]
    fn each_image_is_attached_once_in_order_of_appearance() {
        let expansion = expand(&request("{logo} {foto} <foto> {logo}"));
        assert_eq!(expansion.images, vec![photo("m2"), photo("m1")]);
        assert_eq!(expansion.text, "");
    }

    #[test]
    fn text_without_images_is_not_trimmed() {
        assert_eq!(expanded("  {nome}  "), "  Maria  ");
    }

    #[test]
    fn multibyte_text_around_variables_is_kept() {
        assert_eq!(expanded("Ação 😃 {nome} <ç> {é}"), "Ação 😃 Maria <ç> {é}");
    }
}
