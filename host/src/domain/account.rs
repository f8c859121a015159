//! An account's own settings (A4): its name and the time zone its business hours, protocols,
//! windows and appointments are read in.

/// The name and time zone an admin gives the account, trimmed, or what is wrong with them.
pub fn check_account(name: Option<&str>, timezone: Option<&str>) -> Result<(Option<String>, Option<String>), String> {
    let name = name.map(str::trim).map(str::to_string);
    if name.as_ref().is_some_and(|n| n.is_empty() || n.chars().count() > 120) {
        return Err("O nome da conta deve ter de 1 a 120 caracteres.".into());
    }
    let timezone = timezone.map(str::trim).map(str::to_string);
    if let Some(zone) = &timezone
        && jiff::tz::TimeZone::get(zone).is_err()
    {
        return Err(format!("Fuso horário desconhecido: '{zone}'. Use um nome da base IANA, como America/Sao_Paulo."));
    }
    Ok((name, timezone))
}

#[cfg(test)]
mod tests {
    use super::check_account;

    #[test]
    fn a_known_zone_and_a_name_are_kept_trimmed() {
        assert_eq!(
            check_account(Some(" Loja "), Some("America/Manaus")),
            Ok((Some("Loja".into()), Some("America/Manaus".into())))
        );
        assert_eq!(check_account(None, None), Ok((None, None)));
    }

    #[test]
    fn an_unknown_zone_or_an_empty_name_is_refused_with_the_reason() {
        assert!(check_account(None, Some("Marte/Base")).unwrap_err().contains("Marte/Base"));
        assert!(check_account(Some("  "), None).unwrap_err().contains("nome da conta"));
    }
}
