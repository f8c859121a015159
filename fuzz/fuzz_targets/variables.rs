//! Feeds any text to the shipped plugins' pure renderers, compiled natively here from their
//! sources (the plugin crates are `cdylib`-only, so `#[path]` brings their modules in unchanged):
//!
//! - `plugins/variables` `expand::expand`: the variable expansion of every message an agent or
//!   a flow sends (`{nome}`, `<nome>`, custom, image and flow variables, and the Brazilian
//!   formats of dates, CPF, CNPJ and numbers). The input, cut at NUL bytes, is the text, then
//!   the contact's fields (name, birth date, CPF, CNPJ, a text, date and number custom field, a
//!   flow variable), so the fuzzer also chooses the values that get formatted.
//! - `plugins/templates` `template::parse`, `bind::bind` and `render::{preview,
//!   send_components}`: Meta template components rendered with their parameters. When the text
//!   is JSON, every template in it is rendered (the input itself when it is a `components` array,
//!   and every object with a `components` list, so Meta's template list responses seed it), once
//!   with the NUL-separated parts as positional values, once with as many values as it needs.
//!
//! Checks, besides not panicking (or looping, or allocating without bound):
//! - text without `{` or `<` expands to itself;
//! - expansion attaches each image once, and expanding twice gives the same result;
//! - a template that binds renders a preview and `components` that are a JSON array.

#![no_main]

use atende_sdk::{Contact, CustomField, ExpansionRequest, FieldValue, ImageRef, RenderRequest, Variable};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

// plugins/variables
#[allow(dead_code)]
#[path = "../../plugins/variables/src/expand.rs"]
mod expand;
#[allow(dead_code)]
#[path = "../../plugins/variables/src/format.rs"]
mod format;
#[allow(dead_code)]
#[path = "../../plugins/variables/src/lookup.rs"]
mod lookup;
#[allow(dead_code)]
#[path = "../../plugins/variables/src/placeholder.rs"]
mod placeholder;

// plugins/templates
#[allow(dead_code)]
#[path = "../../plugins/templates/src/bind.rs"]
mod bind;
#[allow(dead_code)]
#[path = "../../plugins/templates/src/placeholders.rs"]
mod placeholders;
#[allow(dead_code)]
#[path = "../../plugins/templates/src/render.rs"]
mod render;
#[allow(dead_code)]
#[path = "../../plugins/templates/src/template.rs"]
mod template;

/// Most positional values tried when looking for the count a template needs.
const MAX_VALUES: usize = 24;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.split('\0');
    let text = parts.next().unwrap_or_default().to_string();
    let values: Vec<String> = parts.map(str::to_string).collect();
    variables(&text, &values);
    templates(&text, &values);
});

fn variables(text: &str, values: &[String]) {
    let value = |i: usize, default: &str| values.get(i).cloned().unwrap_or_else(|| default.to_string());
    let photo = ImageRef { media_id: "m1".into(), mime_type: "image/jpeg".into() };
    let contact = Contact {
        id: 1,
        name: value(0, "Maria"),
        phone: Some("5521999998888".into()),
        email: None,
        birth_date: Some(value(1, "1990-03-07")),
        cpf: Some(value(2, "52998224725")),
        rg: None,
        client_code: None,
        cnpj: Some(value(3, "11222333000181")),
        company_name: None,
        tags: Vec::new(),
        custom_fields: vec![
            CustomField { key: "foto".into(), value: FieldValue::Image(photo.clone()) },
            CustomField { key: "Foto".into(), value: FieldValue::Image(photo) },
            CustomField { key: "plano".into(), value: FieldValue::Text(value(4, "Ouro")) },
            CustomField { key: "desde".into(), value: FieldValue::Date(value(5, "2020-01-31")) },
            CustomField {
                key: "pontos".into(),
                value: FieldValue::Number(value(6, "1500.5").trim().parse().unwrap_or(f64::NAN)),
            },
            CustomField { key: "vip".into(), value: FieldValue::Boolean(true) },
            CustomField { key: "obs".into(), value: FieldValue::Empty },
        ],
    };
    let request = ExpansionRequest {
        text: text.to_string(),
        contact,
        variables: vec![Variable { name: "protocolo".into(), value: value(7, "2026-1") }],
    };
    let expansion = expand::expand(&request);
    if !text.contains(['{', '<']) {
        assert_eq!(expansion.text, text, "text without brackets changed");
    }
    let mut ids: Vec<&str> = expansion.images.iter().map(|i| i.media_id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), expansion.images.len(), "an image attached twice");
    assert_eq!(expansion, expand::expand(&request), "expansion is not deterministic");
}

fn templates(text: &str, values: &[String]) {
    let Ok(json) = serde_json::from_str::<Value>(text) else {
        // Not JSON: still the template parser's input (it must refuse it).
        render(text, values);
        return;
    };
    let mut found = Vec::new();
    if json.is_array() {
        found.push(json.to_string());
    }
    collect(&json, &mut found);
    for components in found.iter().take(8) {
        render(components, values);
        fill(components);
    }
}

/// Every object with a `components` list, anywhere in `value`.
fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.get("components").is_some_and(Value::is_array) {
                out.push(value.to_string());
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

/// Render `components` with `positional` and no named values; whatever the answer, no panic.
fn render(components: &str, positional: &[String]) {
    let request = RenderRequest { components: components.into(), positional: positional.to_vec(), named: Vec::new() };
    let _ = rendered(&request);
}

/// Render `components` with every named value it uses and as many positional ones as it takes.
fn fill(components: &str) {
    let Ok(parsed) = template::parse(components) else { return };
    let mut named: Vec<(String, String)> = Vec::new();
    let header = match &parsed.header {
        Some(template::Header::Text(text)) => Some(text.as_str()),
        _ => None,
    };
    for text in header.into_iter().chain(parsed.body.as_deref()) {
        for param in placeholders::params(text) {
            if let placeholders::Param::Named(name) = param
                && !named.iter().any(|(n, _)| n == name)
            {
                named.push((name.to_string(), format!("valor de {name}")));
            }
        }
    }
    for count in 0..=MAX_VALUES {
        let positional = (1..=count).map(|i| format!("valor {i}")).collect();
        let request = RenderRequest { components: components.into(), positional, named: named.clone() };
        if let Some((preview, sent)) = rendered(&request) {
            assert!(sent.is_array(), "send components that are not a list: {sent}");
            let _ = preview;
            return;
        }
    }
}

/// What the plugin's `render` does (plugins/templates/src/lib.rs), step by step.
fn rendered(request: &RenderRequest) -> Option<(String, Value)> {
    let parsed = template::parse(&request.components).ok()?;
    let values = bind::bind(&parsed, request).ok()?;
    Some((render::preview(&parsed, &values), render::send_components(&parsed, &values)))
}
