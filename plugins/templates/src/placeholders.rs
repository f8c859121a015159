//! The `{{…}}` parameters of a template text.

/// A parameter: `{{1}}` or `{{nome}}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param<'a> {
    /// `{{n}}`, numbered from 1 within its component.
    Positional(usize),
    /// `{{name}}`.
    Named(&'a str),
}

/// A piece of a template text.
#[derive(Debug, PartialEq)]
pub enum Piece<'a> {
    /// Literal text.
    Text(&'a str),
    /// A parameter to fill.
    Param(Param<'a>),
}

/// The text cut into literal pieces and parameters. Braces that hold no valid parameter name
/// are literal text.
pub fn split(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    let mut literal_start = 0;
    let mut offset = 0;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let param = after.find("}}").and_then(|close| parse(&after[..close]).map(|param| (param, close)));
        match param {
            Some((param, close)) => {
                if literal_start < offset + open {
                    pieces.push(Piece::Text(&text[literal_start..offset + open]));
                }
                pieces.push(Piece::Param(param));
                let consumed = open + 2 + close + 2;
                offset += consumed;
                literal_start = offset;
                rest = &rest[consumed..];
            }
            None => {
                // Skip one brace only: `{{{1}}}` still holds `{{1}}`.
                offset += open + 1;
                rest = &rest[open + 1..];
            }
        }
    }
    if literal_start < text.len() {
        pieces.push(Piece::Text(&text[literal_start..]));
    }
    pieces
}

/// The parameters of `text`, in order of appearance (repeats included).
pub fn params(text: &str) -> impl Iterator<Item = Param<'_>> {
    split(text).into_iter().filter_map(|piece| match piece {
        Piece::Param(param) => Some(param),
        Piece::Text(_) => None,
    })
}

/// Meta's parameter names: a number from 1, or letters, digits and `_` not starting with a digit.
fn parse(inner: &str) -> Option<Param<'_>> {
    let inner = inner.trim();
    let first = inner.chars().next()?;
    if inner.bytes().all(|b| b.is_ascii_digit()) {
        return inner.parse().ok().filter(|&n| n >= 1).map(Param::Positional);
    }
    let valid =
        (first.is_ascii_alphabetic() || first == '_') && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some(Param::Named(inner))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Param::{Named, Positional};

    #[test]
    fn positional_and_named_parameters_are_cut_out() {
        assert_eq!(
            split("Oi {{1}}, seu código é {{codigo}}."),
            vec![
                Piece::Text("Oi "),
                Piece::Param(Positional(1)),
                Piece::Text(", seu código é "),
                Piece::Param(Named("codigo")),
                Piece::Text("."),
            ]
        );
        assert_eq!(split("{{1}}{{2}}"), vec![Piece::Param(Positional(1)), Piece::Param(Positional(2))]);
        assert_eq!(split("{{ 1 }}"), vec![Piece::Param(Positional(1))]);
    }

    #[test]
    fn braces_without_a_parameter_are_text() {
        for text in ["{{}}", "{{0}}", "{{1a}}", "{{a b}}", "{{1", "{1}", "}}{{", "{{-1}}"] {
            assert_eq!(split(text), vec![Piece::Text(text)], "{text}");
        }
        assert_eq!(split("{{{1}}}"), vec![Piece::Text("{"), Piece::Param(Positional(1)), Piece::Text("}")]);
    }

    #[test]
    fn params_lists_every_occurrence_in_order() {
        let found: Vec<_> = params("{{2}} {{nome}} {{1}} {{2}}").collect();
        assert_eq!(found, vec![Positional(2), Named("nome"), Positional(1), Positional(2)]);
    }
}
