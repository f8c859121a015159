//! The contacts export (A6): the filtered contacts as a CSV file (`;`-separated, as Excel opens
//! it in Brazil) whose headers are the import's field keys, so an exported file imports back
//! with every column suggested. A cell that starts like a formula is written as text.

use crate::domain::spreadsheet::safe_cell;
use crate::store::views::ContactView;

/// The contact's own columns, in the import's keys, then the export-only ones.
const COLUMNS: &[&str] = &[
    "nome",
    "telefone",
    "email",
    "data_nascimento",
    "cpf",
    "rg",
    "codigo_cliente",
    "cnpj",
    "empresa",
    "campanha",
    "recebe_transmissoes",
    "bloqueado",
    "etiquetas",
];

/// A CSV file being written, page by page.
pub struct ContactsCsv {
    out: csv::Writer<Vec<u8>>,
    custom: Vec<String>,
}

/// `aaaa-mm-dd` as `dd/mm/aaaa`; anything else as it is.
fn brazilian_date(date: &str) -> String {
    match date.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] if y.len() == 4 => format!("{d}/{m}/{y}"),
        _ => date.to_string(),
    }
}

fn yes_no(value: bool) -> String {
    if value { "Sim" } else { "Não" }.to_string()
}

/// A custom field's stored value as typed.
fn typed(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(serde_json::Value::Bool(b)) => yes_no(*b),
        Some(other) => other.to_string(),
    }
}

impl ContactsCsv {
    /// A file with the header row: the contact's columns, then the custom fields' keys.
    pub fn new(custom: Vec<String>) -> Result<ContactsCsv, String> {
        let mut out = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
        out.write_record(COLUMNS.iter().map(|c| c.to_string()).chain(custom.iter().cloned()))
            .map_err(|e| e.to_string())?;
        Ok(ContactsCsv { out, custom })
    }

    /// Add a page of contacts.
    pub fn write(&mut self, contacts: &[ContactView]) -> Result<(), String> {
        for c in contacts {
            let text = |v: &Option<String>| v.clone().unwrap_or_default();
            let tags = c.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ");
            let own = [
                c.name.clone(),
                text(&c.phone),
                text(&c.email),
                c.birth_date.as_deref().map(brazilian_date).unwrap_or_default(),
                text(&c.cpf),
                text(&c.rg),
                text(&c.client_code),
                text(&c.cnpj),
                text(&c.company_name),
                text(&c.campaign),
                yes_no(c.receives_broadcasts),
                yes_no(c.blocked),
                tags,
            ];
            let custom = self.custom.iter().map(|key| typed(c.custom_fields.get(key)));
            let row = own.into_iter().chain(custom).map(|cell| safe_cell(&cell));
            self.out.write_record(row).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// The file's bytes.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        self.out.into_inner().map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::views::TagView;

    fn contact() -> ContactView {
        serde_json::from_value(serde_json::json!({
            "id": 1, "platform": "whatsapp", "name": "Ana; \"A\"", "phone": "5521999990001", "email": null,
            "birth_date": "1990-02-28", "cpf": null, "rg": null, "client_code": null, "cnpj": null,
            "company_name": "ACME", "receives_broadcasts": true, "blocked": false, "campaign": null, "tags": [],
            "custom_fields": {"plano": "Ouro", "vip": true}, "default_agent": null, "created_at": 0, "updated_at": 0
        }))
        .unwrap()
    }

    #[test]
    fn rows_carry_the_import_keys_brazilian_dates_and_quoted_text() {
        let mut ana = contact();
        ana.tags = vec![
            serde_json::from_value::<TagView>(serde_json::json!({"id": 1, "name": "VIP", "automation_only": false}))
                .unwrap(),
        ];
        let mut file = ContactsCsv::new(vec!["plano".into(), "vip".into(), "idade".into()]).unwrap();
        file.write(&[ana]).unwrap();
        let text = String::from_utf8(file.finish().unwrap()).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next().unwrap(),
            "nome;telefone;email;data_nascimento;cpf;rg;codigo_cliente;cnpj;empresa;campanha;recebe_transmissoes;bloqueado;etiquetas;plano;vip;idade"
        );
        assert_eq!(
            lines.next().unwrap(),
            "\"Ana; \"\"A\"\"\";5521999990001;;28/02/1990;;;;;ACME;;Sim;Não;VIP;Ouro;Sim;"
        );
    }

    #[test]
    fn a_cell_that_starts_like_a_formula_is_written_as_text() {
        let mut hostile = contact();
        hostile.name = "=HYPERLINK(\"http://x\")".into();
        let mut file = ContactsCsv::new(vec![]).unwrap();
        file.write(&[hostile]).unwrap();
        let text = String::from_utf8(file.finish().unwrap()).unwrap();
        assert!(text.lines().nth(1).unwrap().starts_with("\"'=HYPERLINK("), "{text}");
    }
}
