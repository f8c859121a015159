//! `crash`: a field validator that panics. With `panic = "abort"` the panic is a trap; the host
//! must report a failed call and stay up.

use atende_sdk::{FieldValidator, PluginError, Validation, ValidationRequest};

/// The exported plugin.
struct Crash;

impl FieldValidator for Crash {
    fn validate(request: ValidationRequest) -> Result<Validation, PluginError> {
        panic!("crash: falha proposital ao validar o campo {}", request.key)
    }
}

atende_sdk::export_field_validator!(Crash);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::FieldKind;

    #[test]
    #[should_panic(expected = "falha proposital")]
    fn validate_panics() {
        let request = ValidationRequest {
            key: "cpf".into(),
            label: "CPF".into(),
            kind: FieldKind::Cpf,
            required: true,
            options: Vec::new(),
            input: "529.982.247-25".into(),
        };
        let _ = Crash::validate(request);
    }
}
