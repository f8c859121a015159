//! The `atende` binary: parse the configuration, start tracing, run the chosen command.

use std::process::ExitCode;

fn main() -> ExitCode {
    atende_host::cli::main()
}
