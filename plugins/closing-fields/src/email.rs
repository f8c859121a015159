//! E-mail addresses: the everyday shape (`mailbox@domain.tld`), not every form RFC 5322 allows,
//! since an address typed at a closing dialog that only the RFC accepts is almost surely a typo.

/// The address with its domain in lower case (domains ignore case; mailboxes may not), or `None`.
pub fn normalise(input: &str) -> Option<String> {
    let (mailbox, domain) = input.split_once('@')?;
    if input.len() > 254 || !valid_mailbox(mailbox) || !valid_domain(domain) {
        return None;
    }
    Some(format!("{mailbox}@{}", domain.to_ascii_lowercase()))
}

fn valid_mailbox(mailbox: &str) -> bool {
    const SYMBOLS: &str = "!#$%&'*+/=?^_`{|}~-.";
    (1..=64).contains(&mailbox.len())
        && mailbox.chars().all(|c| c.is_ascii_alphanumeric() || SYMBOLS.contains(c))
        && !mailbox.starts_with('.')
        && !mailbox.ends_with('.')
        && !mailbox.contains("..")
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let tld = labels[labels.len() - 1];
    labels.len() >= 2
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_addresses_are_accepted() {
        assert_eq!(normalise("ana@exemplo.com").as_deref(), Some("ana@exemplo.com"));
        assert_eq!(
            normalise("Ana.Souza+loja@Sub.Exemplo.COM.BR").as_deref(),
            Some("Ana.Souza+loja@sub.exemplo.com.br")
        );
        assert_eq!(normalise("o'neil_2@meu-dominio.io").as_deref(), Some("o'neil_2@meu-dominio.io"));
    }

    #[test]
    fn typos_are_refused() {
        for input in [
            "ana",
            "ana@",
            "@exemplo.com",
            "ana@exemplo",
            "ana@@exemplo.com",
            "ana@exemplo..com",
            "ana@exemplo.c",
            "ana@exemplo.com.",
            "ana@-exemplo.com",
            "ana souza@exemplo.com",
            ".ana@exemplo.com",
            "ana..souza@exemplo.com",
            "ana@exemplo.123",
            "ana@exem_plo.com",
        ] {
            assert_eq!(normalise(input), None, "{input}");
        }
    }
}
