//! `spin`: a field validator whose `validate` never returns. The host must stop it by fuel or
//! deadline and stay up (F5, P containment tests).

use atende_sdk::{FieldValidator, PluginError, Validation, ValidationRequest};

/// The exported plugin.
struct Spin;

impl FieldValidator for Spin {
    fn validate(request: ValidationRequest) -> Result<Validation, PluginError> {
        spin(request.input.len())
    }
}

/// Loop forever. `black_box` keeps the optimiser from proving the loop useless.
fn spin(seed: usize) -> ! {
    let mut counter = seed;
    loop {
        counter = std::hint::black_box(counter.wrapping_add(1));
    }
}

atende_sdk::export_field_validator!(Spin);
