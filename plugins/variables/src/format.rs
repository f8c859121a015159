//! How stored values read in a Brazilian message.

/// `aaaa-mm-dd` (a time part, if any, is dropped) as `dd/mm/aaaa`; anything else as stored.
pub fn date(iso: &str) -> String {
    let day = iso.get(..10).unwrap_or(iso);
    let parts: Vec<&str> = day.split('-').collect();
    match parts[..] {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 && all_digits(&[y, m, d]) => {
            format!("{d}/{m}/{y}")
        }
        _ => iso.to_owned(),
    }
}

/// Eleven digits as `000.000.000-00`; anything else as stored.
pub fn cpf(digits: &str) -> String {
    if digits.len() == 11 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}.{}.{}-{}", &digits[..3], &digits[3..6], &digits[6..9], &digits[9..])
    } else {
        digits.to_owned()
    }
}

/// Fourteen characters as `00.000.000/0000-00`; anything else as stored. Letters are allowed
/// because CNPJs become alphanumeric from July 2026.
pub fn cnpj(value: &str) -> String {
    if value.len() == 14 && value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        format!("{}.{}.{}/{}-{}", &value[..2], &value[2..5], &value[5..8], &value[8..12], &value[12..])
    } else {
        value.to_owned()
    }
}

/// A number with a decimal comma and no thousands separator (which would turn a year like 2024
/// into `2.024`); whole numbers without decimals.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    // `-0` prints as "-0"; adding 0.0 turns it into plain zero.
    format!("{}", value + 0.0).replace('.', ",")
}

/// `Sim` or `Não`.
pub fn boolean(value: bool) -> &'static str {
    if value { "Sim" } else { "Não" }
}

fn all_digits(parts: &[&str]) -> bool {
    parts.iter().all(|part| part.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_day_first() {
        assert_eq!(date("1990-03-07"), "07/03/1990");
        assert_eq!(date("1990-03-07T00:00:00Z"), "07/03/1990");
        assert_eq!(date("07/03/1990"), "07/03/1990");
        assert_eq!(date("ontem"), "ontem");
    }

    #[test]
    fn documents_get_their_punctuation() {
        assert_eq!(cpf("52998224725"), "529.982.247-25");
        assert_eq!(cpf("123"), "123");
        assert_eq!(cnpj("11222333000181"), "11.222.333/0001-81");
        assert_eq!(cnpj("12ABC34501DE35"), "12.ABC.345/01DE-35");
        assert_eq!(cnpj("11.222.333/0001-81"), "11.222.333/0001-81");
    }

    #[test]
    fn numbers_use_a_decimal_comma() {
        assert_eq!(number(1234.56), "1234,56");
        assert_eq!(number(2024.0), "2024");
        assert_eq!(number(-0.5), "-0,5");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(f64::NAN), "");
    }

    #[test]
    fn booleans_are_sim_or_nao() {
        assert_eq!(boolean(true), "Sim");
        assert_eq!(boolean(false), "Não");
    }
}
