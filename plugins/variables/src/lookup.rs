//! What a variable name stands for: a system field, a custom field or a flow variable.

use atende_sdk::{Contact, FieldValue, ImageRef, Variable};

use crate::format;

/// The value of a known variable.
#[derive(Debug, PartialEq)]
pub enum Value<'a> {
    /// Text to put in place of the reference (empty for a field without a value).
    Text(String),
    /// An image to attach; the reference disappears from the text.
    Image(&'a ImageRef),
}

/// The value of `name`, or `None` when no field or variable has that name.
pub fn lookup<'a>(name: &str, contact: &'a Contact, variables: &'a [Variable]) -> Option<Value<'a>> {
    system_field(name, contact)
        .or_else(|| custom_field(name, contact))
        .or_else(|| find(variables, name, |v| &v.name).map(|v| Value::Text(v.value.clone())))
}

fn system_field(name: &str, contact: &Contact) -> Option<Value<'static>> {
    let stored = |value: &Option<String>| value.clone().unwrap_or_default();
    let formatted = |value: &Option<String>, f: fn(&str) -> String| value.as_deref().map(f).unwrap_or_default();
    let text = match name.to_lowercase().as_str() {
        "nome" => contact.name.clone(),
        "telefone" => stored(&contact.phone),
        "email" => stored(&contact.email),
        "data_nascimento" => formatted(&contact.birth_date, format::date),
        "cpf" => formatted(&contact.cpf, format::cpf),
        "rg" => stored(&contact.rg),
        "codigo_cliente" => stored(&contact.client_code),
        "cnpj" => formatted(&contact.cnpj, format::cnpj),
        "empresa" => stored(&contact.company_name),
        _ => return None,
    };
    Some(Value::Text(text))
}

fn custom_field<'a>(name: &str, contact: &'a Contact) -> Option<Value<'a>> {
    let field = find(&contact.custom_fields, name, |f| &f.key)?;
    Some(match &field.value {
        FieldValue::Image(image) => Value::Image(image),
        FieldValue::Empty => Value::Text(String::new()),
        FieldValue::Text(text) | FieldValue::ListItem(text) => Value::Text(text.clone()),
        FieldValue::Number(number) => Value::Text(format::number(*number)),
        FieldValue::Date(date) => Value::Text(format::date(date)),
        FieldValue::Boolean(yes) => Value::Text(format::boolean(*yes).to_owned()),
    })
}

/// The item whose key is `name`: spelled exactly if there is one, else ignoring case.
fn find<'a, T>(items: &'a [T], name: &str, key: impl Fn(&T) -> &String) -> Option<&'a T> {
    items.iter().find(|item| key(item) == name).or_else(|| {
        let lower = name.to_lowercase();
        items.iter().find(|item| key(item).to_lowercase() == lower)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::CustomField;
    use atende_sdk::testing::contact;

    fn text(value: &str) -> Option<Value<'static>> {
        Some(Value::Text(value.into()))
    }

    fn field(key: &str, value: FieldValue) -> CustomField {
        CustomField { key: key.into(), value }
    }

    fn full_contact() -> Contact {
        let mut c = contact("Maria Silva");
        c.phone = Some("5521999998888".into());
        c.email = Some("maria@exemplo.com.br".into());
        c.birth_date = Some("1990-03-07".into());
        c.cpf = Some("52998224725".into());
        c.rg = Some("12.345.678-9".into());
        c.client_code = Some("C-42".into());
        c.cnpj = Some("11222333000181".into());
        c.company_name = Some("Padaria Pão Quente".into());
        c
    }

    #[test]
    fn every_system_field_has_its_portuguese_key() {
        let c = full_contact();
        let cases = [
            ("nome", "Maria Silva"),
            ("telefone", "5521999998888"),
            ("email", "maria@exemplo.com.br"),
            ("data_nascimento", "07/03/1990"),
            ("cpf", "529.982.247-25"),
            ("rg", "12.345.678-9"),
            ("codigo_cliente", "C-42"),
            ("cnpj", "11.222.333/0001-81"),
            ("empresa", "Padaria Pão Quente"),
        ];
        for (name, expected) in cases {
            assert_eq!(lookup(name, &c, &[]), text(expected), "{name}");
        }
    }

    #[test]
    fn system_fields_without_a_value_are_empty_not_unknown() {
        let c = contact("Ana");
        for name in ["telefone", "email", "data_nascimento", "cpf", "rg", "codigo_cliente", "cnpj", "empresa"] {
            assert_eq!(lookup(name, &c, &[]), text(""), "{name}");
        }
    }

    #[test]
    fn names_ignore_case() {
        let c = full_contact();
        assert_eq!(lookup("Nome", &c, &[]), text("Maria Silva"));
        assert_eq!(lookup("CPF", &c, &[]), text("529.982.247-25"));
    }

    #[test]
    fn custom_fields_read_by_type() {
        let mut c = contact("Ana");
        let photo = ImageRef { media_id: "m1".into(), mime_type: "image/jpeg".into() };
        c.custom_fields = vec![
            field("apelido", FieldValue::Text("Aninha".into())),
            field("pontos", FieldValue::Number(1500.5)),
            field("cliente_desde", FieldValue::Date("2020-01-31".into())),
            field("vip", FieldValue::Boolean(true)),
            field("ativo", FieldValue::Boolean(false)),
            field("plano", FieldValue::ListItem("Ouro".into())),
            field("observacao", FieldValue::Empty),
            field("foto", FieldValue::Image(photo.clone())),
        ];
        assert_eq!(lookup("apelido", &c, &[]), text("Aninha"));
        assert_eq!(lookup("pontos", &c, &[]), text("1500,5"));
        assert_eq!(lookup("cliente_desde", &c, &[]), text("31/01/2020"));
        assert_eq!(lookup("vip", &c, &[]), text("Sim"));
        assert_eq!(lookup("ativo", &c, &[]), text("Não"));
        assert_eq!(lookup("plano", &c, &[]), text("Ouro"));
        assert_eq!(lookup("observacao", &c, &[]), text(""));
        assert_eq!(lookup("foto", &c, &[]), Some(Value::Image(&photo)));
    }

    #[test]
    fn the_exact_spelling_wins_over_a_case_insensitive_match() {
        let mut c = contact("Ana");
        c.custom_fields =
            vec![field("Cor", FieldValue::Text("azul".into())), field("cor", FieldValue::Text("verde".into()))];
        assert_eq!(lookup("cor", &c, &[]), text("verde"));
        assert_eq!(lookup("Cor", &c, &[]), text("azul"));
        assert_eq!(lookup("COR", &c, &[]), text("azul"));
    }

    #[test]
    fn contact_fields_come_before_flow_variables() {
        let mut c = contact("Ana");
        c.custom_fields = vec![field("pedido", FieldValue::Text("do contato".into()))];
        let variables = [Variable::new("pedido", "do fluxo"), Variable::new("nome", "Outra"), Variable::new("x", "1")];
        assert_eq!(lookup("pedido", &c, &variables), text("do contato"));
        assert_eq!(lookup("nome", &c, &variables), text("Ana"));
        assert_eq!(lookup("x", &c, &variables), text("1"));
        assert_eq!(lookup("y", &c, &variables), None);
    }
}
