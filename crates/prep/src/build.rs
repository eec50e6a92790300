//! `prep build`: the whole job, with progress output.

use std::process::ExitCode;

use crate::BuildArgs;

/// Runs `prep build`.
pub fn run(_args: &BuildArgs) -> ExitCode {
    eprintln!("prep build: not implemented yet");
    ExitCode::from(2)
}
