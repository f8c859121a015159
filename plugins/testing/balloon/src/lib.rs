//! `balloon`: a field validator that allocates memory without end. The host's memory limit must
//! trap it and stay up.

use atende_sdk::{FieldValidator, PluginError, Validation, ValidationRequest};

/// The exported plugin.
struct Balloon;

impl FieldValidator for Balloon {
    fn validate(_request: ValidationRequest) -> Result<Validation, PluginError> {
        inflate()
    }
}

/// Allocate and touch 1 MiB after 1 MiB, keeping all of it, until the allocator fails (which
/// aborts, a trap) or the host's limiter refuses to grow the memory (also a trap).
fn inflate() -> ! {
    let mut held: Vec<Vec<u8>> = Vec::new();
    loop {
        held.push(vec![0xA5; 1 << 20]);
        std::hint::black_box(&held);
    }
}

atende_sdk::export_field_validator!(Balloon);
