//! One field: blank and required handling, then the check for its kind, with the messages the
//! agent reads.

use atende_sdk::{FieldKind, FieldValue, PluginError, Validation, ValidationRequest};

use crate::{boolean, date, documents, email, number, options};

/// Validate and normalise one field.
pub fn validate(request: &ValidationRequest) -> Result<Validation, PluginError> {
    let input = request.input.trim();
    let label = &request.label;
    if input.is_empty() {
        return Ok(if request.required {
            Validation::Rejected(format!("O campo {label} é obrigatório."))
        } else {
            Validation::Valid(FieldValue::Empty)
        });
    }
    let outcome = match request.kind {
        FieldKind::Text => Ok(FieldValue::Text(input.to_owned())),
        FieldKind::Number => number::parse(input)
            .map(FieldValue::Number)
            .ok_or_else(|| format!("O campo {label} deve conter um número, como 1.234,56.")),
        FieldKind::Date => date::parse(input).map(FieldValue::Date).map_err(|error| match error {
            date::Error::Format => format!("O campo {label} deve conter uma data no formato dd/mm/aaaa."),
            date::Error::NoSuchDay => format!("O campo {label} contém uma data que não existe: {input}."),
        }),
        FieldKind::Boolean => boolean::parse(input)
            .map(FieldValue::Boolean)
            .ok_or_else(|| format!("O campo {label} deve ser Sim ou Não.")),
        FieldKind::Options => {
            if request.options.is_empty() {
                return Err(PluginError::InvalidConfig(format!("O campo {label} não tem opções configuradas.")));
            }
            options::find(input, &request.options)
                .map(|option| FieldValue::ListItem(option.to_owned()))
                .ok_or_else(|| format!("O campo {label} deve ser uma destas opções: {}.", request.options.join(", ")))
        }
        FieldKind::Cpf => documents::cpf(input).map(FieldValue::Text).map_err(|error| match error {
            documents::Error::Length => format!("O campo {label} deve conter um CPF com 11 dígitos."),
            documents::Error::CheckDigits => format!("O campo {label} não contém um CPF válido."),
        }),
        FieldKind::Cnpj => documents::cnpj(input).map(FieldValue::Text).map_err(|error| match error {
            documents::Error::Length => format!("O campo {label} deve conter um CNPJ com 14 dígitos."),
            documents::Error::CheckDigits => format!("O campo {label} não contém um CNPJ válido."),
        }),
        FieldKind::Email => email::normalise(input)
            .map(FieldValue::Text)
            .ok_or_else(|| format!("O campo {label} deve conter um e-mail válido, como nome@empresa.com.br.")),
    };
    Ok(match outcome {
        Ok(value) => Validation::Valid(value),
        Err(message) => Validation::Rejected(message),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(kind: FieldKind, required: bool, input: &str) -> ValidationRequest {
        ValidationRequest {
            key: "campo".into(),
            label: "Motivo".into(),
            kind,
            required,
            options: vec!["Resolvido".into(), "Desistiu".into(), "Outro".into()],
            input: input.into(),
        }
    }

    fn check(kind: FieldKind, input: &str) -> Validation {
        validate(&request(kind, true, input)).unwrap()
    }

    fn valid(value: FieldValue) -> Validation {
        Validation::Valid(value)
    }

    fn rejected(message: &str) -> Validation {
        Validation::Rejected(message.into())
    }

    const KINDS: [FieldKind; 8] = [
        FieldKind::Text,
        FieldKind::Number,
        FieldKind::Date,
        FieldKind::Boolean,
        FieldKind::Options,
        FieldKind::Cpf,
        FieldKind::Cnpj,
        FieldKind::Email,
    ];

    #[test]
    fn a_blank_required_field_is_refused_naming_it() {
        for kind in KINDS {
            assert_eq!(validate(&request(kind, true, "  ")).unwrap(), rejected("O campo Motivo é obrigatório."));
        }
    }

    #[test]
    fn a_blank_optional_field_is_valid_and_empty() {
        for kind in KINDS {
            assert_eq!(validate(&request(kind, false, "")).unwrap(), valid(FieldValue::Empty));
        }
    }

    #[test]
    fn text_is_trimmed() {
        assert_eq!(
            check(FieldKind::Text, "  cliente satisfeito "),
            valid(FieldValue::Text("cliente satisfeito".into()))
        );
    }

    #[test]
    fn numbers_in_both_notations() {
        assert_eq!(check(FieldKind::Number, "1.234,56"), valid(FieldValue::Number(1234.56)));
        assert_eq!(check(FieldKind::Number, "1234.56"), valid(FieldValue::Number(1234.56)));
        assert_eq!(check(FieldKind::Number, "doze"), rejected("O campo Motivo deve conter um número, como 1.234,56."));
    }

    #[test]
    fn dates_are_stored_iso_and_must_exist() {
        assert_eq!(check(FieldKind::Date, "07/03/1990"), valid(FieldValue::Date("1990-03-07".into())));
        assert_eq!(
            check(FieldKind::Date, "31/02/2024"),
            rejected("O campo Motivo contém uma data que não existe: 31/02/2024.")
        );
        assert_eq!(
            check(FieldKind::Date, "março"),
            rejected("O campo Motivo deve conter uma data no formato dd/mm/aaaa.")
        );
    }

    #[test]
    fn booleans_in_portuguese_and_english() {
        assert_eq!(check(FieldKind::Boolean, "Sim"), valid(FieldValue::Boolean(true)));
        assert_eq!(check(FieldKind::Boolean, "NÃO"), valid(FieldValue::Boolean(false)));
        assert_eq!(check(FieldKind::Boolean, "talvez"), rejected("O campo Motivo deve ser Sim ou Não."));
    }

    #[test]
    fn options_match_in_any_case_and_store_the_configured_spelling() {
        assert_eq!(check(FieldKind::Options, "resolvido"), valid(FieldValue::ListItem("Resolvido".into())));
        assert_eq!(
            check(FieldKind::Options, "Cancelado"),
            rejected("O campo Motivo deve ser uma destas opções: Resolvido, Desistiu, Outro.")
        );
    }

    #[test]
    fn an_options_field_without_options_is_a_configuration_error() {
        let mut req = request(FieldKind::Options, true, "x");
        req.options.clear();
        assert_eq!(
            validate(&req).unwrap_err(),
            PluginError::InvalidConfig("O campo Motivo não tem opções configuradas.".into())
        );
    }

    #[test]
    fn documents_are_stored_without_punctuation() {
        assert_eq!(check(FieldKind::Cpf, "529.982.247-25"), valid(FieldValue::Text("52998224725".into())));
        assert_eq!(check(FieldKind::Cpf, "529.982.247-26"), rejected("O campo Motivo não contém um CPF válido."));
        assert_eq!(check(FieldKind::Cpf, "5299822"), rejected("O campo Motivo deve conter um CPF com 11 dígitos."));
        assert_eq!(check(FieldKind::Cnpj, "11.222.333/0001-81"), valid(FieldValue::Text("11222333000181".into())));
        assert_eq!(check(FieldKind::Cnpj, "11.222.333/0001-80"), rejected("O campo Motivo não contém um CNPJ válido."));
        assert_eq!(
            check(FieldKind::Cnpj, "11.222.333"),
            rejected("O campo Motivo deve conter um CNPJ com 14 dígitos.")
        );
    }

    #[test]
    fn emails_keep_the_mailbox_and_lower_the_domain() {
        assert_eq!(
            check(FieldKind::Email, " Ana.Souza@Exemplo.COM.br "),
            valid(FieldValue::Text("Ana.Souza@exemplo.com.br".into()))
        );
        assert_eq!(
            check(FieldKind::Email, "ana@"),
            rejected("O campo Motivo deve conter um e-mail válido, como nome@empresa.com.br.")
        );
    }
}
