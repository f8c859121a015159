//! Contact system fields ("Words" in the spec) and their validation: e-mail, birth date,
//! CPF check digits and phone numbers. Error messages are Portuguese: they reach agents as-is.

use serde::{Deserialize, Serialize};

use super::field::FieldKind;
use utoipa::ToSchema;

/// A field that failed validation, with a message fit for the agent's screen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError { field, message: message.into() }
    }
}

/// The contact's own fields a flow, a closing or an import may write, by their variable names,
/// with their labels and the validator's kind for the checked ones.
pub const SYSTEM_FIELDS: &[(&str, &str, Option<FieldKind>)] = &[
    ("nome", "Nome", None),
    ("telefone", "Telefone", None),
    ("email", "E-mail", Some(FieldKind::Email)),
    ("data_nascimento", "Data de nascimento", Some(FieldKind::Date)),
    ("cpf", "CPF", Some(FieldKind::Cpf)),
    ("rg", "RG", None),
    ("codigo_cliente", "Código do cliente", None),
    ("cnpj", "CNPJ", Some(FieldKind::Cnpj)),
];

/// Editable system fields of a contact. `None` leaves a field as it is; `Some("")` clears it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ContactPatch {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Birth date, `dd/mm/aaaa` or `aaaa-mm-dd`; stored as `aaaa-mm-dd`.
    pub birth_date: Option<String>,
    pub cpf: Option<String>,
    pub rg: Option<String>,
    pub client_code: Option<String>,
    /// The company's CNPJ (S3).
    pub cnpj: Option<String>,
    /// The company's name, kept for every contact with that CNPJ.
    pub company_name: Option<String>,
    pub receives_broadcasts: Option<bool>,
}

impl ContactPatch {
    /// The system fields this patch sets, by their variable names ([`SYSTEM_FIELDS`]), with
    /// the value each is set to.
    pub fn fields_set(&self) -> Vec<(&'static str, &str)> {
        let slots = [
            &self.name,
            &self.phone,
            &self.email,
            &self.birth_date,
            &self.cpf,
            &self.rg,
            &self.client_code,
            &self.cnpj,
        ];
        SYSTEM_FIELDS
            .iter()
            .zip(slots)
            .filter_map(|((key, _, _), value)| value.as_deref().map(|value| (*key, value)))
            .collect()
    }

    /// Take every field `other` sets (a row's columns, one patch each, made into one).
    pub fn absorb(&mut self, other: ContactPatch) {
        fn take<T>(slot: &mut Option<T>, value: Option<T>) {
            if value.is_some() {
                *slot = value;
            }
        }
        take(&mut self.name, other.name);
        take(&mut self.phone, other.phone);
        take(&mut self.email, other.email);
        take(&mut self.birth_date, other.birth_date);
        take(&mut self.cpf, other.cpf);
        take(&mut self.rg, other.rg);
        take(&mut self.client_code, other.client_code);
        take(&mut self.cnpj, other.cnpj);
        take(&mut self.company_name, other.company_name);
        take(&mut self.receives_broadcasts, other.receives_broadcasts);
    }

    /// Normalise the name, phone and free-text fields, reporting the first invalid one. The
    /// checked fields (e-mail, birth date, CPF, CNPJ) are the field validator's (P2, see
    /// `crate::fields`), which the HTTP layer runs before the store sees the patch.
    pub fn normalised(mut self) -> Result<Self, FieldError> {
        if let Some(name) = &self.name {
            self.name = Some(normalise_name(name)?);
        }
        self.phone = normalise_optional(self.phone, |p| normalise_phone(p).map_err(|m| FieldError::new("phone", m)))?;
        self.rg = normalise_optional(self.rg, |v| Ok(v.trim().to_string()))?;
        self.client_code = normalise_optional(self.client_code, |v| Ok(v.trim().to_string()))?;
        Ok(self)
    }
}

/// Apply `f` to a present, non-blank value; a blank value stays `Some("")` (clear the field).
fn normalise_optional(
    value: Option<String>,
    f: impl Fn(&str) -> Result<String, FieldError>,
) -> Result<Option<String>, FieldError> {
    match value {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => Ok(Some(String::new())),
        Some(v) => f(&v).map(Some),
    }
}

/// A contact's display name: trimmed, 1 to 120 characters.
pub fn normalise_name(name: &str) -> Result<String, FieldError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(FieldError::new("name", "O nome não pode ficar vazio."));
    }
    if name.chars().count() > 120 {
        return Err(FieldError::new("name", "O nome pode ter no máximo 120 caracteres."));
    }
    Ok(name.to_string())
}

/// A phone number as digits only (country code included), 8 to 15 digits. Spaces, hyphens,
/// dots and a leading `+` are accepted and dropped; anything else is refused.
pub fn normalise_phone(phone: &str) -> Result<String, String> {
    let trimmed = phone.trim();
    let body = trimmed.strip_prefix('+').unwrap_or(trimmed);
    if let Some(bad) = body.chars().find(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '.'))) {
        return Err(format!("Telefone inválido: o caractere '{bad}' não é permitido; use apenas dígitos."));
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    if !(8..=15).contains(&digits.len()) {
        return Err("Telefone inválido: informe de 8 a 15 dígitos, com DDI e DDD.".to_string());
    }
    Ok(digits)
}

/// The phone of a `target_phone` deep link (A5) or a new chat (L5): digits with optional
/// hyphens, never parentheses. A Brazilian number is DDD + number (10 or 11 digits) and gets
/// the country code 55; with `foreign`, the digits are taken as they are (country code
/// included).
pub fn target_phone(raw: &str, foreign: bool) -> Result<String, String> {
    let raw = raw.trim();
    if raw.contains(['(', ')']) {
        return Err(
            "O telefone não pode ter parênteses: use só dígitos e hífens, como 21999999999 ou 21-99999-9999.".into()
        );
    }
    if let Some(bad) = raw.chars().find(|c| !(c.is_ascii_digit() || *c == '-')) {
        return Err(format!("Telefone inválido: o caractere '{bad}' não é permitido; use só dígitos e hífens."));
    }
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    match (foreign, digits.len()) {
        (true, 8..=15) => Ok(digits),
        (true, _) => Err("Número estrangeiro inválido: informe de 8 a 15 dígitos com o código do país.".into()),
        (false, 10 | 11) => Ok(format!("55{digits}")),
        (false, 12 | 13) if digits.starts_with("55") => Ok(digits),
        (false, _) => Err("Telefone inválido: informe DDD e número, como 21999999999.".into()),
    }
}

/// An e-mail address, checked against RFC 5322 by the `email_address` crate, lower-cased domain.
pub fn normalise_email(email: &str) -> Result<String, FieldError> {
    let email = email.trim();
    let parsed: email_address::EmailAddress =
        email.parse().map_err(|_| FieldError::new("email", format!("E-mail inválido: '{email}'.")))?;
    if !parsed.domain().contains('.') {
        return Err(FieldError::new("email", format!("E-mail inválido: '{email}'.")));
    }
    Ok(format!("{}@{}", parsed.local_part(), parsed.domain().to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_and_domain_lowercased() {
        assert_eq!(normalise_email(" Maria@Exemplo.COM.br ").unwrap(), "Maria@exemplo.com.br");
        assert!(normalise_email("maria@").is_err());
        assert!(normalise_email("maria.exemplo.com").is_err());
        assert!(normalise_email("maria@localhost").is_err());
    }

    #[test]
    fn phones_keep_only_digits_and_refuse_parentheses() {
        assert_eq!(normalise_phone("+55 21 99999-9999").unwrap(), "5521999999999");
        assert!(normalise_phone("(21) 99999-9999").is_err());
        assert!(normalise_phone("123").is_err());
    }

    #[test]
    fn deep_link_phones_allow_hyphens_and_refuse_parentheses() {
        assert_eq!(target_phone("21999999999", false).unwrap(), "5521999999999");
        assert_eq!(target_phone("21-99999-9999", false).unwrap(), "5521999999999");
        assert_eq!(target_phone("2133334444", false).unwrap(), "552133334444");
        assert_eq!(target_phone("5521999999999", false).unwrap(), "5521999999999");
        assert!(target_phone("(21) 99999-9999", false).unwrap_err().contains("parênteses"));
        assert!(target_phone("21 99999 9999", false).unwrap_err().contains("' '"));
        assert!(target_phone("999", false).is_err());
        assert_eq!(target_phone("1-415-555-0100", true).unwrap(), "14155550100");
        assert!(target_phone("12", true).is_err());
    }

    #[test]
    fn a_blank_field_in_a_patch_means_clear_it() {
        let patch = ContactPatch { rg: Some("  ".into()), ..Default::default() }.normalised().unwrap();
        assert_eq!(patch.rg.as_deref(), Some(""));
    }

    #[test]
    fn a_patch_reports_the_first_invalid_field() {
        let err = ContactPatch { phone: Some("12".into()), ..Default::default() }.normalised().unwrap_err();
        assert_eq!(err.field, "phone");
        let err = ContactPatch { name: Some("   ".into()), ..Default::default() }.normalised().unwrap_err();
        assert_eq!(err.field, "name");
    }
}
