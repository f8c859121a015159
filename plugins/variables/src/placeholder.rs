//! Recognising a variable reference, `{name}` or `<name>`, at a position of the text.

/// Longest name accepted, in bytes: longer runs are ordinary text, not variables.
const MAX_NAME_BYTES: usize = 64;

/// A variable reference at the start of some text.
#[derive(Debug, PartialEq)]
pub struct Placeholder<'a> {
    /// The name between the brackets.
    pub name: &'a str,
    /// Bytes the whole reference takes, brackets included.
    pub len: usize,
}

/// The variable reference `text` starts with, if any.
pub fn at(text: &str) -> Option<Placeholder<'_>> {
    let close = match text.as_bytes().first()? {
        b'{' => '}',
        b'<' => '>',
        _ => return None,
    };
    let rest = &text[1..];
    let end = rest.find(|c: char| !is_name_char(c))?;
    if end == 0 || end > MAX_NAME_BYTES || !rest[end..].starts_with(close) {
        return None;
    }
    Some(Placeholder { name: &rest[..end], len: end + 2 })
}

/// Letters of any script (custom field keys may be accented), digits and `_`.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_and_angle_brackets_delimit_a_name() {
        assert_eq!(at("{nome}, oi"), Some(Placeholder { name: "nome", len: 6 }));
        assert_eq!(at("<nome>!"), Some(Placeholder { name: "nome", len: 6 }));
        assert_eq!(at("{região}"), Some(Placeholder { name: "região", len: 9 }));
    }

    #[test]
    fn mismatched_empty_spaced_or_unclosed_brackets_are_text() {
        for text in ["{nome>", "<nome}", "{}", "{ nome }", "{nome", "{primeiro nome}", "nome}", "<"] {
            assert_eq!(at(text), None, "{text}");
        }
    }

    #[test]
    fn overlong_names_are_text() {
        let long = format!("{{{}}}", "a".repeat(MAX_NAME_BYTES + 1));
        assert_eq!(at(&long), None);
    }
}
