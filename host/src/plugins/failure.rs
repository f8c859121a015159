//! What can go wrong in a plugin call, as values the caller (a flow's error edge, an API
//! error) can act on. A plugin's own `plugin-error` is one case; traps, budgets and bad output
//! are the others, all seen only by the host.

use wasmtime::Trap;

/// A plugin call that did not produce a usable result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PluginFailure {
    /// The plugin reported that it cannot do the job.
    #[error("o plugin recusou a entrada: {0}")]
    Plugin(String),
    /// Its wall-time budget ran out.
    #[error("o plugin excedeu o tempo limite")]
    Timeout,
    /// Its fuel budget ran out.
    #[error("o plugin excedeu o limite de processamento")]
    OutOfFuel,
    /// It asked for more memory than its cap.
    #[error("o plugin excedeu o limite de memória")]
    OutOfMemory,
    /// It trapped (panic, unreachable, bad memory access …).
    #[error("o plugin falhou: {0}")]
    Trap(String),
    /// The input was larger than the host accepts.
    #[error("a entrada do plugin é grande demais ({0} bytes)")]
    InputTooLarge(usize),
    /// The output was larger than the host accepts.
    #[error("a saída do plugin é grande demais ({0} bytes)")]
    OutputTooLarge(usize),
    /// The output broke the contract (an invalid effect, malformed JSON …).
    #[error("o plugin devolveu uma saída inválida: {0}")]
    InvalidOutput(String),
    /// Every plugin slot stayed busy for the whole timeout.
    #[error("todos os plugins estão ocupados; tente de novo")]
    Busy,
    /// The plugin could not be instantiated.
    #[error("o plugin não pôde ser iniciado: {0}")]
    Instantiate(String),
}

impl PluginFailure {
    /// The failure's name as a metric label.
    pub fn metric_label(&self) -> &'static str {
        match self {
            PluginFailure::Plugin(_) => "plugin_error",
            PluginFailure::Timeout => "timeout",
            PluginFailure::OutOfFuel => "out_of_fuel",
            PluginFailure::OutOfMemory => "out_of_memory",
            PluginFailure::Trap(_) => "trap",
            PluginFailure::InputTooLarge(_) => "input_too_large",
            PluginFailure::OutputTooLarge(_) => "output_too_large",
            PluginFailure::InvalidOutput(_) => "invalid_output",
            PluginFailure::Busy => "busy",
            PluginFailure::Instantiate(_) => "instantiate",
        }
    }
}

/// Classify an error that came out of instantiating or calling a plugin.
pub fn classify(error: &wasmtime::Error, memory_refused: bool) -> PluginFailure {
    if memory_refused {
        return PluginFailure::OutOfMemory;
    }
    match error.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => PluginFailure::OutOfFuel,
        Some(Trap::Interrupt) => PluginFailure::Timeout,
        Some(trap) => PluginFailure::Trap(trap.to_string()),
        None => PluginFailure::Trap(format!("{error:#}").chars().take(300).collect()),
    }
}
