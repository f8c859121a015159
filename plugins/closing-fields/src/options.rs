//! The options of a list field.

/// The configured option `input` names, ignoring case and surrounding spaces.
pub fn find<'a>(input: &str, options: &'a [String]) -> Option<&'a str> {
    let wanted = input.trim().to_lowercase();
    options.iter().map(|option| option.as_str()).find(|option| option.trim().to_lowercase() == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_ignore_case_and_return_the_configured_spelling() {
        let options = vec!["Resolvido".to_owned(), "Não resolvido".to_owned()];
        assert_eq!(find("RESOLVIDO", &options), Some("Resolvido"));
        assert_eq!(find(" não RESOLVIDO ", &options), Some("Não resolvido"));
        assert_eq!(find("resolvid", &options), None);
    }
}
