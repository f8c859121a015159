//! One test of a condition: an operator over a value of the contact or the flow.

use atende_sdk::{FieldValue, StepInput};
use serde::Deserialize;

/// What a test checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Eq,
    Neq,
    Contains,
    NotContains,
    StartsWith,
    EndsWith,
    Gt,
    Gte,
    Lt,
    Lte,
    IsSet,
    IsEmpty,
    HasTag,
    InBusinessHours,
}

/// A test: `left` names the value (a flow variable, a system field such as `nome` or `email`,
/// or a custom field's key), `right` is what it is compared with.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Test {
    #[serde(default)]
    left: String,
    op: Op,
    #[serde(default)]
    right: Option<String>,
}

/// Lowercase and trimmed, so that "Sim" equals "sim ".
fn folded(text: &str) -> String {
    text.trim().to_lowercase()
}

/// A Brazilian or plain number: "1.500,50" and "1500.50" are both 1500.5.
fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.contains(',') { text.replace('.', "").replace(',', ".").parse().ok() } else { text.parse().ok() }
}

impl Test {
    /// What a test needs to make sense.
    pub fn check(&self) -> Result<(), String> {
        let needs_left = !matches!(self.op, Op::HasTag | Op::InBusinessHours);
        let needs_right = !matches!(self.op, Op::IsSet | Op::IsEmpty);
        if needs_left && self.left.trim().is_empty() {
            return Err(format!("o teste {:?} precisa do valor a comparar (left).", self.op));
        }
        if needs_right && self.right.as_deref().is_none_or(|r| r.trim().is_empty()) {
            return Err(format!("o teste {:?} precisa do valor de comparação (right).", self.op));
        }
        if matches!(self.op, Op::Gt | Op::Gte | Op::Lt | Op::Lte) && self.right.as_deref().and_then(number).is_none() {
            return Err("uma comparação de números precisa de um número em right.".into());
        }
        if self.op == Op::InBusinessHours && !matches!(self.right.as_deref(), Some("true" | "false")) {
            return Err("in_business_hours compara com \"true\" ou \"false\".".into());
        }
        Ok(())
    }

    /// The value `left` names, as text; `None` when it is not set.
    fn value(&self, input: &StepInput) -> Option<String> {
        let key = self.left.trim();
        if let Some(value) = input.variable(key) {
            return Some(value.to_string());
        }
        let contact = &input.contact;
        let system = match key {
            "nome" => Some(contact.name.clone()),
            "telefone" => contact.phone.clone(),
            "email" => contact.email.clone(),
            "data_nascimento" => contact.birth_date.clone(),
            "cpf" => contact.cpf.clone(),
            "rg" => contact.rg.clone(),
            "codigo_cliente" => contact.client_code.clone(),
            "cnpj" => contact.cnpj.clone(),
            "empresa" => contact.company_name.clone(),
            _ => None,
        };
        system.or_else(|| {
            contact.custom_field(key).and_then(|value| match value {
                FieldValue::Empty | FieldValue::Image(_) => None,
                FieldValue::Text(text) | FieldValue::Date(text) | FieldValue::ListItem(text) => Some(text.clone()),
                FieldValue::Number(number) => Some(number.to_string()),
                FieldValue::Boolean(yes) => Some(yes.to_string()),
            })
        })
    }

    /// Whether the test holds for `input`.
    pub fn holds(&self, input: &StepInput) -> bool {
        let right = folded(self.right.as_deref().unwrap_or_default());
        match self.op {
            Op::HasTag => input.contact.tags.iter().any(|tag| folded(tag) == right),
            Op::InBusinessHours => input.in_business_hours == (right == "true"),
            Op::IsSet => self.value(input).is_some_and(|v| !v.trim().is_empty()),
            Op::IsEmpty => self.value(input).is_none_or(|v| v.trim().is_empty()),
            op => {
                let Some(left) = self.value(input) else { return op == Op::Neq || op == Op::NotContains };
                let left_folded = folded(&left);
                match op {
                    Op::Eq => left_folded == right,
                    Op::Neq => left_folded != right,
                    Op::Contains => left_folded.contains(&right),
                    Op::NotContains => !left_folded.contains(&right),
                    Op::StartsWith => left_folded.starts_with(&right),
                    Op::EndsWith => left_folded.ends_with(&right),
                    _ => match (number(&left), number(&right)) {
                        (Some(l), Some(r)) => match op {
                            Op::Gt => l > r,
                            Op::Gte => l >= r,
                            Op::Lt => l < r,
                            _ => l <= r,
                        },
                        _ => false,
                    },
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::testing::step_input;
    use atende_sdk::{CustomField, Trigger};

    fn test(json: &str) -> Test {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn values_come_from_variables_then_system_fields_then_custom_fields() {
        let mut input = step_input("{}", Trigger::Enter);
        input.contact.custom_fields =
            vec![CustomField { key: "plano".into(), value: FieldValue::ListItem("Ouro".into()) }];
        assert!(test(r#"{"left": "nome", "op": "eq", "right": "maria"}"#).holds(&input));
        assert!(test(r#"{"left": "plano", "op": "eq", "right": "OURO"}"#).holds(&input));
        assert!(test(r#"{"left": "cpf", "op": "is_empty"}"#).holds(&input));
        assert!(test(r#"{"left": "cpf", "op": "neq", "right": "1"}"#).holds(&input), "an unset value differs");
        assert!(!test(r#"{"left": "cpf", "op": "eq", "right": "1"}"#).holds(&input));
    }

    #[test]
    fn numbers_compare_in_either_notation() {
        assert_eq!(number("1.500,50"), Some(1500.5));
        assert_eq!(number("1500.50"), Some(1500.5));
        let input = step_input("{}", Trigger::Enter);
        assert!(!test(r#"{"left": "nome", "op": "gt", "right": "1"}"#).holds(&input), "text is no number");
    }
}
