//! Quick replies ("Respostas Rápidas", C12): saved answers of the account that an agent finds by
//! typing `/` and their shortcut in the composer. The rules of a shortcut and of a text, pure.

/// Longest shortcut, in characters.
pub const MAX_SHORTCUT: usize = 30;
/// Longest text, in characters (WhatsApp's limit for a text message).
pub const MAX_TEXT: usize = 4096;

/// The composer's own command (C13, "/interna"): no quick reply may take its name.
const RESERVED: &[&str] = &["interna"];

/// A shortcut as kept: without the `/` an agent types before it, lowercase; letters (accents
/// too), digits, `-` and `_`, so that it ends where the agent types a space.
pub fn shortcut(typed: &str) -> Result<String, String> {
    let s = typed.trim();
    let s = s.strip_prefix('/').unwrap_or(s).to_lowercase();
    if s.is_empty() || s.chars().count() > MAX_SHORTCUT {
        return Err(format!("O atalho deve ter de 1 a {MAX_SHORTCUT} caracteres."));
    }
    if !s.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
        return Err("O atalho só pode ter letras, números, - e _ (sem espaços).".into());
    }
    if RESERVED.contains(&s.as_str()) {
        return Err(format!("O atalho /{s} é um comando do chat e não pode ser usado."));
    }
    Ok(s)
}

/// A reply's text: trimmed, 1 to [`MAX_TEXT`] characters; variables (`{nome}`) stay as typed and
/// are expanded for each contact when the message is sent (C8).
pub fn text(typed: &str) -> Result<String, String> {
    let t = typed.trim();
    if t.is_empty() {
        return Err("Digite o texto da resposta.".into());
    }
    if t.chars().count() > MAX_TEXT {
        return Err(format!("O texto deve ter no máximo {MAX_TEXT} caracteres."));
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortcut_is_kept_lowercase_without_its_slash() {
        assert_eq!(shortcut(" /Boas-Vindas ").unwrap(), "boas-vindas");
        assert_eq!(shortcut("preço_2").unwrap(), "preço_2");
    }

    #[test]
    fn a_shortcut_has_no_spaces_symbols_or_the_internal_command() {
        assert!(shortcut("bom dia").unwrap_err().contains("sem espaços"));
        assert!(shortcut("oi!").is_err());
        assert!(shortcut("/").unwrap_err().contains("de 1 a 30"));
        assert!(shortcut(&"a".repeat(31)).is_err());
        assert!(shortcut("/Interna").unwrap_err().contains("/interna"));
    }

    #[test]
    fn a_text_is_trimmed_and_bounded() {
        assert_eq!(text("  Olá {nome}!\n").unwrap(), "Olá {nome}!");
        assert!(text(" \n ").is_err());
        assert!(text(&"x".repeat(MAX_TEXT + 1)).is_err());
        assert!(text(&"x".repeat(MAX_TEXT)).is_ok());
    }
}
