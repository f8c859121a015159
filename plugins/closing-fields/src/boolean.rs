//! Yes or no, as agents type it.

/// `true` for sim/s/verdadeiro/true/yes/1, `false` for não/nao/n/falso/false/no/0 (any case).
pub fn parse(input: &str) -> Option<bool> {
    match input.to_lowercase().as_str() {
        "sim" | "s" | "verdadeiro" | "true" | "yes" | "1" => Some(true),
        "não" | "nao" | "n" | "falso" | "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_and_no_in_portuguese_and_english() {
        for yes in ["sim", "Sim", "S", "verdadeiro", "TRUE", "yes", "1"] {
            assert_eq!(parse(yes), Some(true), "{yes}");
        }
        for no in ["não", "NÃO", "nao", "n", "Falso", "false", "no", "0"] {
            assert_eq!(parse(no), Some(false), "{no}");
        }
        assert_eq!(parse("talvez"), None);
    }
}
