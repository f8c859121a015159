//! Budgets of one plugin call: fuel, memory, wall time and the sizes of what goes in and out.
//! The host sets maxima; a plugin's manifest may ask for less, never more.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Limits a manifest may set; absent fields take the host's defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ManifestLimits {
    /// Fuel (≈ wasm instructions) per call.
    pub fuel: Option<u64>,
    /// Linear memory per call, in bytes.
    pub memory_bytes: Option<u64>,
    /// Wall time per call, in milliseconds.
    pub timeout_ms: Option<u64>,
}

/// The budget of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub fuel: u64,
    pub memory_bytes: usize,
    pub timeout: Duration,
    pub max_input_bytes: usize,
    pub max_output_bytes: usize,
}

/// The host's defaults, which are also the maxima a manifest may ask for.
pub const HOST_MAXIMA: Limits = Limits {
    // 50M fuel ≈ a few ms of tight compute on this class of machine (reference/plugins.md).
    fuel: 50_000_000,
    memory_bytes: 32 << 20,
    timeout: Duration::from_millis(100),
    max_input_bytes: 128 << 10,
    max_output_bytes: 64 << 10,
};

/// Largest component accepted at upload, in bytes.
pub const MAX_COMPONENT_BYTES: usize = 2 << 20;

impl Limits {
    /// The budget for a plugin whose manifest asks for `asked`; an error names what exceeds
    /// the host's maxima.
    pub fn within_maxima(asked: ManifestLimits) -> Result<Limits, String> {
        let mut limits = HOST_MAXIMA;
        if let Some(fuel) = asked.fuel {
            if fuel == 0 || fuel > HOST_MAXIMA.fuel {
                return Err(format!("limits.fuel deve estar entre 1 e {}", HOST_MAXIMA.fuel));
            }
            limits.fuel = fuel;
        }
        if let Some(memory) = asked.memory_bytes {
            if memory < (1 << 20) || memory > HOST_MAXIMA.memory_bytes as u64 {
                return Err(format!("limits.memory_bytes deve estar entre {} e {}", 1 << 20, HOST_MAXIMA.memory_bytes));
            }
            limits.memory_bytes = memory as usize;
        }
        if let Some(timeout) = asked.timeout_ms {
            if timeout == 0 || timeout > HOST_MAXIMA.timeout.as_millis() as u64 {
                return Err(format!("limits.timeout_ms deve estar entre 1 e {}", HOST_MAXIMA.timeout.as_millis()));
            }
            limits.timeout = Duration::from_millis(timeout);
        }
        Ok(limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_may_ask_for_less_but_never_more() {
        assert_eq!(Limits::within_maxima(ManifestLimits::default()).unwrap(), HOST_MAXIMA);
        let lower = Limits::within_maxima(ManifestLimits {
            fuel: Some(1000),
            memory_bytes: Some(2 << 20),
            timeout_ms: Some(10),
        })
        .unwrap();
        assert_eq!((lower.fuel, lower.memory_bytes, lower.timeout), (1000, 2 << 20, Duration::from_millis(10)));
        assert!(
            Limits::within_maxima(ManifestLimits { fuel: Some(u64::MAX), ..Default::default() })
                .unwrap_err()
                .contains("fuel")
        );
        assert!(Limits::within_maxima(ManifestLimits { memory_bytes: Some(1 << 40), ..Default::default() }).is_err());
        assert!(Limits::within_maxima(ManifestLimits { timeout_ms: Some(0), ..Default::default() }).is_err());
    }
}
