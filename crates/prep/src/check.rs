//! `prep check`: validate and print diagnostics.

use std::process::ExitCode;

use crate::CommonArgs;

/// Runs `prep check`.
pub fn run(_args: &CommonArgs) -> ExitCode {
    eprintln!("prep check: not implemented yet");
    ExitCode::from(2)
}
