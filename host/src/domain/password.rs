//! Which passwords a user may choose (issue 17 part 5): at least [`MIN_CHARS`] characters, and
//! not one an attacker tries early. The second is zxcvbn's estimate (Dropbox's estimator: 30,000
//! common passwords, names, English words, keyboard patterns, sequences, repeats, dates and
//! l33t), with the user's own name, e-mail and company, and a few words common in Brazilian
//! leaked passwords, added to its lists. A password it estimates under [`MIN_GUESSES`] guesses
//! (score 0 or 1) is refused, with the reason in Portuguese.

use zxcvbn::feedback::Warning;
use zxcvbn::{Score, zxcvbn};

/// The shortest password accepted.
pub const MIN_CHARS: usize = 8;

/// What zxcvbn's score 2 starts at: a password that takes fewer guesses is refused.
pub const MIN_GUESSES: u64 = 1_000_000;

/// Words Brazilian users put in passwords (zxcvbn's lists are English): whole or as a part,
/// they count as one guess among these, as the user's own name does.
const PORTUGUESE_WORDS: &[&str] = &[
    "senha",
    "mudar",
    "trocar",
    "acesso",
    "entrar",
    "brasil",
    "atende",
    "atendimento",
    "suporte",
    "teste",
    "bemvindo",
    "admin",
    "usuario",
    "empresa",
    "amor",
    "deus",
    "jesus",
    "familia",
    "flamengo",
    "corinthians",
    "palmeiras",
    "saopaulo",
    "santos",
    "vasco",
    "gremio",
    "cruzeiro",
    "internacional",
    "botafogo",
    "fluminense",
    "mudar123",
    "senha123",
    "abc123",
    "qwerty",
];

/// Who is choosing the password: what an attacker would try first for them.
#[derive(Debug, Clone, Copy, Default)]
pub struct PasswordOwner<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub company: &'a str,
}

impl PasswordOwner<'_> {
    /// Their name, e-mail, its parts and their company, as zxcvbn's "user inputs".
    fn words(&self) -> Vec<String> {
        let mut words = Vec::new();
        for text in [self.name, self.email, self.company] {
            let text = text.trim().to_lowercase();
            if text.is_empty() {
                continue;
            }
            words.extend(text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 3).map(str::to_string));
            words.push(text);
        }
        words
    }
}

/// Why a password was refused, as the form shows it under the field.
pub fn check(password: &str, owner: PasswordOwner<'_>) -> Result<(), String> {
    if password.chars().count() < MIN_CHARS {
        return Err(format!("A senha precisa ter pelo menos {MIN_CHARS} caracteres."));
    }
    let mut inputs = owner.words();
    inputs.extend(PORTUGUESE_WORDS.iter().map(|w| w.to_string()));
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let estimate = zxcvbn(password, &inputs);
    if estimate.score() >= Score::Two {
        return Ok(());
    }
    let why = match estimate.feedback().and_then(|f| f.warning()) {
        Some(Warning::ThisIsATop10Password | Warning::ThisIsATop100Password | Warning::ThisIsACommonPassword) => {
            "Essa senha está entre as mais usadas."
        }
        Some(Warning::ThisIsSimilarToACommonlyUsedPassword) => "Essa senha parece com uma das mais usadas.",
        Some(Warning::StraightRowsOfKeysAreEasyToGuess | Warning::ShortKeyboardPatternsAreEasyToGuess) => {
            "Sequências do teclado são fáceis de adivinhar."
        }
        Some(Warning::RepeatsLikeAaaAreEasyToGuess | Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess) => {
            "Repetições como “aaa” ou “abcabc” são fáceis de adivinhar."
        }
        Some(Warning::SequencesLikeAbcAreEasyToGuess) => "Sequências como “abc” ou “6543” são fáceis de adivinhar.",
        Some(Warning::RecentYearsAreEasyToGuess | Warning::DatesAreOftenEasyToGuess) => {
            "Datas e anos são fáceis de adivinhar."
        }
        Some(Warning::NamesAndSurnamesByThemselvesAreEasyToGuess | Warning::CommonNamesAndSurnamesAreEasyToGuess) => {
            "Nomes e sobrenomes são fáceis de adivinhar."
        }
        _ => "Essa senha é fácil de adivinhar.",
    };
    Err(format!("{why} Use uma frase com palavras que não combinam, ou misture mais palavras e números."))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANA: PasswordOwner<'static> =
        PasswordOwner { name: "Ana Souza", email: "ana.souza@padaria.com.br", company: "Padaria Pão Quente" };

    #[test]
    fn a_short_password_is_refused_by_its_length() {
        assert_eq!(check("Ab1!xy", ANA).unwrap_err(), "A senha precisa ter pelo menos 8 caracteres.");
        let accented = check("çãõáéíóú", ANA);
        assert!(
            accented.clone().err().is_none_or(|e| !e.contains("8 caracteres")),
            "characters, not bytes: {accented:?}"
        );
    }

    #[test]
    fn common_passwords_are_refused() {
        for password in [
            "12345678",
            "password",
            "iloveyou",
            "qwertyuiop",
            "11111111",
            "abcd1234",
            "senha123",
            "mudar123",
            "flamengo",
        ] {
            let err = check(password, ANA).expect_err(password);
            assert!(err.contains("adivinhar") || err.contains("mais usadas"), "{password}: {err}");
        }
        assert!(check("12345678", ANA).unwrap_err().starts_with("Essa senha está entre as mais usadas."));
    }

    #[test]
    fn the_owners_own_name_email_and_company_are_refused() {
        for password in ["anasouza", "souza2024", "padaria1", "ana.souza@padaria.com.br"] {
            assert!(check(password, ANA).is_err(), "{password}");
        }
    }

    #[test]
    fn passphrases_and_mixed_passwords_are_accepted() {
        for password in [
            "cavalo-bateria-grampo",
            "pao-de-queijo-2026",
            "Tr0mb0ne&Lua",
            "senha-da-bruna",
            "segredo-do-rio-7",
            "troque-esta-senha",
        ] {
            assert_eq!(check(password, ANA), Ok(()), "{password}");
        }
    }
}
