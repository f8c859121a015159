//! Numbers typed the Brazilian way (`1.234,56`) or the programmer's way (`1234.56`).
//!
//! With both separators, the last one is the decimal mark. With one kind only, a comma is the
//! decimal mark, and so is a dot, except where the dots group thousands exactly (`1.500`,
//! `1.234.567`): there the Brazilian reading, one thousand five hundred, wins.

/// The number typed, or `None`.
pub fn parse(input: &str) -> Option<f64> {
    let (negative, unsigned) = match input.as_bytes().first()? {
        b'-' => (true, &input[1..]),
        b'+' => (false, &input[1..]),
        _ => (false, input),
    };
    // A trailing mark (`1,`) is a number left half typed.
    if unsigned.is_empty()
        || unsigned.ends_with(['.', ','])
        || !unsigned.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let last_dot = unsigned.rfind('.');
    let last_comma = unsigned.rfind(',');
    let (whole, fraction) = match (last_dot, last_comma) {
        (None, None) => (unsigned.to_owned(), ""),
        (Some(dot), Some(comma)) => {
            let (mark, group) = if dot > comma { (dot, ',') } else { (comma, '.') };
            (ungroup(&unsigned[..mark], group)?, &unsigned[mark + 1..])
        }
        (None, Some(_)) => one_kind(unsigned, ',', false)?,
        (Some(_), None) => one_kind(unsigned, '.', true)?,
    };
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    // Rust's float syntax takes `.5` and `5.` alike, so the parts need no padding.
    let magnitude: f64 = format!("{whole}.{fraction}").parse().ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// Split a number that uses only `sep`: one occurrence is the decimal mark, unless
/// `thousands_first` and it groups thousands exactly; several must group thousands.
fn one_kind(text: &str, sep: char, thousands_first: bool) -> Option<(String, &str)> {
    let count = text.matches(sep).count();
    if count > 1 || (thousands_first && is_grouped(text, sep)) {
        return Some((ungroup(text, sep)?, ""));
    }
    let (whole, fraction) = text.split_once(sep)?;
    Some((whole.to_owned(), fraction))
}

/// `text` without its thousands separators, if they group properly (`1.234.567`).
fn ungroup(text: &str, sep: char) -> Option<String> {
    if !text.contains(sep) {
        return text.bytes().all(|b| b.is_ascii_digit()).then(|| text.to_owned());
    }
    is_grouped(text, sep).then(|| text.replace(sep, ""))
}

/// 1 to 3 digits not starting with a 0 unless alone, then groups of exactly 3 digits.
fn is_grouped(text: &str, sep: char) -> bool {
    let mut groups = text.split(sep);
    let first = groups.next().unwrap_or_default();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    (1..=3).contains(&first.len())
        && digits(first)
        && !(first.starts_with('0') && first.len() > 1)
        && first != "0"
        && groups.all(|g| g.len() == 3 && digits(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brazilian_notation() {
        assert_eq!(parse("1.234,56"), Some(1234.56));
        assert_eq!(parse("1234,56"), Some(1234.56));
        assert_eq!(parse("1.234.567,8"), Some(1234567.8));
        assert_eq!(parse("0,5"), Some(0.5));
        assert_eq!(parse(",5"), Some(0.5));
        assert_eq!(parse("-12,5"), Some(-12.5));
    }

    #[test]
    fn point_notation() {
        assert_eq!(parse("1234.56"), Some(1234.56));
        assert_eq!(parse("1,234.56"), Some(1234.56));
        assert_eq!(parse("1.5"), Some(1.5));
        assert_eq!(parse("0.500"), Some(0.5));
        assert_eq!(parse("+3"), Some(3.0));
    }

    #[test]
    fn dots_grouping_thousands_read_as_thousands() {
        assert_eq!(parse("1.500"), Some(1500.0));
        assert_eq!(parse("12.345"), Some(12345.0));
        assert_eq!(parse("1.234.567"), Some(1234567.0));
        assert_eq!(parse("1,234,567"), Some(1234567.0));
    }

    #[test]
    fn integers() {
        assert_eq!(parse("42"), Some(42.0));
        assert_eq!(parse("007"), Some(7.0));
        assert_eq!(parse("-0"), Some(-0.0));
    }

    #[test]
    fn anything_else_is_refused() {
        for input in [
            "",
            "-",
            "abc",
            "1,2,3",
            "1.23.4",
            "12,34.5",
            "1.234,5.6",
            "1 234",
            "R$ 10",
            "1e5",
            "1,",
            ".",
            "1..2",
            "--1",
        ] {
            assert_eq!(parse(input), None, "{input}");
        }
    }
}
