//! CPF and CNPJ: punctuation is accepted and dropped, check digits must match.

/// Why a document number was refused.
#[derive(Debug, PartialEq)]
pub enum Error {
    /// Not the right number of characters (or characters a document cannot contain).
    Length,
    /// The right shape, but the check digits do not match (or every digit is the same).
    CheckDigits,
}

/// A CPF as its 11 digits.
pub fn cpf(input: &str) -> Result<String, Error> {
    let digits = strip(input, &['.', '-'])?;
    if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::Length);
    }
    let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    // A run of one digit (111.111.111-11) passes the arithmetic but is no one's CPF.
    if values.iter().all(|&v| v == values[0]) {
        return Err(Error::CheckDigits);
    }
    let check = |len: usize| {
        let weighted: u32 = values[..len].iter().zip((2..=len as u32 + 1).rev()).map(|(v, w)| v * w).sum();
        (weighted * 10) % 11 % 10
    };
    if check(9) == values[9] && check(10) == values[10] { Ok(digits) } else { Err(Error::CheckDigits) }
}

/// A CNPJ as its 14 characters: digits, and from July 2026 capital letters in the first twelve
/// (the Receita Federal's alphanumeric CNPJ, whose check digits count a character as its ASCII
/// code minus 48, which leaves numeric CNPJs unchanged).
pub fn cnpj(input: &str) -> Result<String, Error> {
    let chars = strip(input, &['.', '/', '-'])?.to_ascii_uppercase();
    let bytes = chars.as_bytes();
    let well_formed = bytes.len() == 14
        && bytes[..12].iter().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        && bytes[12..].iter().all(u8::is_ascii_digit);
    if !well_formed {
        return Err(Error::Length);
    }
    let values: Vec<u32> = bytes.iter().map(|&b| u32::from(b) - 48).collect();
    if values.iter().all(|&v| v == values[0]) {
        return Err(Error::CheckDigits);
    }
    let check = |len: usize| {
        // Weights run 2..=9 from the right, then start over at 2.
        let weighted: u32 = values[..len].iter().rev().zip((2..=9).cycle()).map(|(v, w)| v * w).sum();
        match weighted % 11 {
            0 | 1 => 0,
            r => 11 - r,
        }
    };
    if check(12) == values[12] && check(13) == values[13] { Ok(chars) } else { Err(Error::CheckDigits) }
}

/// The input without whitespace and the given punctuation; any other symbol makes it no document.
fn strip(input: &str, punctuation: &[char]) -> Result<String, Error> {
    let kept: String = input.chars().filter(|c| !c.is_whitespace() && !punctuation.contains(c)).collect();
    if kept.chars().all(|c| c.is_ascii_alphanumeric()) { Ok(kept) } else { Err(Error::Length) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_cpfs_with_or_without_punctuation() {
        for input in ["529.982.247-25", "52998224725", " 529 982 247 25 ", "111.444.777-35", "000.000.001-91"] {
            assert!(cpf(input).is_ok(), "{input}");
        }
        assert_eq!(cpf("529.982.247-25").unwrap(), "52998224725");
    }

    #[test]
    fn cpfs_with_wrong_check_digits_or_one_repeated_digit_are_refused() {
        assert_eq!(cpf("529.982.247-52"), Err(Error::CheckDigits));
        assert_eq!(cpf("111.444.777-36"), Err(Error::CheckDigits));
        assert_eq!(cpf("111.111.111-11"), Err(Error::CheckDigits));
        assert_eq!(cpf("000.000.000-00"), Err(Error::CheckDigits));
    }

    #[test]
    fn cpfs_of_the_wrong_shape_are_refused() {
        for input in ["5299822472", "529982247255", "529.982.247/25", "52998224A25", "cpf"] {
            assert_eq!(cpf(input), Err(Error::Length), "{input}");
        }
    }

    #[test]
    fn valid_cnpjs_numeric_and_alphanumeric() {
        assert_eq!(cnpj("11.222.333/0001-81").unwrap(), "11222333000181");
        assert_eq!(cnpj("11222333000181").unwrap(), "11222333000181");
        // The Receita Federal's example of the alphanumeric CNPJ.
        assert_eq!(cnpj("12.ABC.345/01DE-35").unwrap(), "12ABC34501DE35");
        assert_eq!(cnpj("12.abc.345/01de-35").unwrap(), "12ABC34501DE35");
    }

    #[test]
    fn cnpjs_with_wrong_check_digits_or_shape_are_refused() {
        assert_eq!(cnpj("11.222.333/0001-82"), Err(Error::CheckDigits));
        assert_eq!(cnpj("12.ABC.345/01DE-36"), Err(Error::CheckDigits));
        assert_eq!(cnpj("00.000.000/0000-00"), Err(Error::CheckDigits));
        assert_eq!(cnpj("11.222.333/0001-8"), Err(Error::Length));
        assert_eq!(cnpj("11.222.333/0001-AB"), Err(Error::Length));
        assert_eq!(cnpj("11.222.333_0001-81"), Err(Error::Length));
    }
}
