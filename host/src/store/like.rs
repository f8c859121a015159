//! LIKE patterns made from what a user typed: a `%` or `_` in the text matches itself, not any
//! characters. Every LIKE built here is followed by [`ESCAPE`], which both databases accept
//! (PostgreSQL's default escape is the same backslash, so its indexes serve these patterns).

/// The clause that goes right after each pattern made with [`literal`].
pub(super) const ESCAPE: &str = "ESCAPE '\\'";

/// `text` with LIKE's wildcards and the escape character itself escaped.
pub(super) fn literal(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::literal;

    #[test]
    fn wildcards_and_the_escape_character_are_escaped() {
        assert_eq!(literal("Maria"), "Maria");
        assert_eq!(literal("50%_off\\"), "50\\%\\_off\\\\");
    }
}
