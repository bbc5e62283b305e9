//! The `chancery` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = chancery::cli::Cli::parse();
    match chancery::cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            chancery::cli::print_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}
