//! Contact system fields ("Words" in the spec) and their validation: e-mail, birth date,
//! CPF check digits and phone numbers. Error messages are Portuguese: they reach agents as-is.

use serde::{Deserialize, Serialize};
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

/// Editable system fields of a contact. `None` leaves a field as it is; `Some("")` clears it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
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
    pub receives_broadcasts: Option<bool>,
}

impl ContactPatch {
    /// Validate and normalise every present field, reporting the first invalid one.
    pub fn normalised(mut self) -> Result<Self, FieldError> {
        if let Some(name) = &self.name {
            self.name = Some(normalise_name(name)?);
        }
        self.phone = normalise_optional(self.phone, |p| normalise_phone(p).map_err(|m| FieldError::new("phone", m)))?;
        self.email = normalise_optional(self.email, normalise_email)?;
        self.birth_date = normalise_optional(self.birth_date, normalise_date)?;
        self.cpf = normalise_optional(self.cpf, normalise_cpf)?;
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

/// A calendar date given as `dd/mm/aaaa` (as agents type it) or `aaaa-mm-dd`, stored as
/// `aaaa-mm-dd`. Impossible dates (31/02) are refused.
pub fn normalise_date(date: &str) -> Result<String, FieldError> {
    let date = date.trim();
    let parsed = jiff::civil::Date::strptime("%d/%m/%Y", date)
        .or_else(|_| jiff::civil::Date::strptime("%Y-%m-%d", date))
        .map_err(|_| FieldError::new("birth_date", format!("Data inválida: '{date}'. Use dd/mm/aaaa.")))?;
    Ok(parsed.strftime("%Y-%m-%d").to_string())
}

/// A CPF with valid check digits, stored as its 11 digits.
pub fn normalise_cpf(cpf: &str) -> Result<String, FieldError> {
    let invalid = || FieldError::new("cpf", format!("CPF inválido: '{}'.", cpf.trim()));
    if cpf.chars().any(|c| !(c.is_ascii_digit() || matches!(c, '.' | '-' | ' '))) {
        return Err(invalid());
    }
    let digits: Vec<u32> = cpf.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 11 || digits.iter().all(|d| *d == digits[0]) {
        return Err(invalid());
    }
    let check = |len: usize| {
        let sum: u32 = digits[..len].iter().enumerate().map(|(i, d)| d * (len as u32 + 1 - i as u32)).sum();
        let rest = (sum * 10) % 11;
        if rest == 10 { 0 } else { rest }
    };
    if check(9) != digits[9] || check(10) != digits[10] {
        return Err(invalid());
    }
    Ok(digits.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpf_with_valid_check_digits_is_accepted_and_stripped() {
        assert_eq!(normalise_cpf("529.982.247-25").unwrap(), "52998224725");
        assert_eq!(normalise_cpf("11144477735").unwrap(), "11144477735");
    }

    #[test]
    fn cpf_with_wrong_check_digits_is_refused_in_portuguese() {
        let err = normalise_cpf("529.982.247-26").unwrap_err();
        assert_eq!(err.field, "cpf");
        assert!(err.message.starts_with("CPF inválido"));
        assert!(normalise_cpf("111.111.111-11").is_err(), "repeated digits pass the sum but are invalid");
        assert!(normalise_cpf("1234").is_err());
        assert!(normalise_cpf("529a982b247c25").is_err());
    }

    #[test]
    fn dates_are_read_as_day_month_year_and_stored_iso() {
        assert_eq!(normalise_date("07/09/1990").unwrap(), "1990-09-07");
        assert_eq!(normalise_date("1990-09-07").unwrap(), "1990-09-07");
        assert!(normalise_date("31/02/2000").is_err());
        assert!(normalise_date("ontem").is_err());
    }

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
    fn a_blank_field_in_a_patch_means_clear_it() {
        let patch = ContactPatch { email: Some("  ".into()), ..Default::default() }.normalised().unwrap();
        assert_eq!(patch.email.as_deref(), Some(""));
    }

    #[test]
    fn a_patch_reports_the_first_invalid_field() {
        let err = ContactPatch { cpf: Some("123".into()), ..Default::default() }.normalised().unwrap_err();
        assert_eq!(err.field, "cpf");
        let err = ContactPatch { name: Some("   ".into()), ..Default::default() }.normalised().unwrap_err();
        assert_eq!(err.field, "name");
    }
}
