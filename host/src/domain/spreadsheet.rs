//! Text written into CSV files people open in a spreadsheet (the contacts export, an import's
//! report): a cell that starts like a formula (`=`, `@`, a `+` or `-` that is not a number, a
//! tab or a carriage return) is written with a leading apostrophe, so Excel or LibreOffice shows
//! it as text instead of running it (CSV injection). Numbers and phones stay as they are.

/// `text` as a cell a spreadsheet will not run.
pub fn safe_cell(text: &str) -> String {
    let mut chars = text.chars();
    let risky = match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => {
            let rest = chars.as_str();
            rest.is_empty() || rest.parse::<f64>().is_err()
        }
        _ => false,
    };
    if risky { format!("'{text}") } else { text.to_string() }
}

#[cfg(test)]
mod tests {
    use super::safe_cell;

    #[test]
    fn formulas_become_text_and_numbers_stay() {
        assert_eq!(safe_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(safe_cell("-2+3"), "'-2+3");
        assert_eq!(safe_cell("\tx"), "'\tx");
        assert_eq!(safe_cell("+5521999990001"), "+5521999990001");
        assert_eq!(safe_cell("-12.5"), "-12.5");
        assert_eq!(safe_cell("Ana Souza"), "Ana Souza");
        assert_eq!(safe_cell(""), "");
    }
}
