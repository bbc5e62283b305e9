//! The `chancery` binary: parse arguments, run, map the outcome to an exit code.
//!
//! The command line (`cli/`) is a module of the binary, not of the library: it is the only
//! code that touches files, the terminal, the environment or the clock. The library it calls
//! (`chancery::*`) takes values and returns values, and its lints refuse anything else.

mod cli;

/// mimalloc instead of the system allocator: chancery's redlines and PDF pages are made of many
/// small allocations, and the system allocator's page faults were most of what kept `diff`
/// behind `git diff` on a large pair.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(e) => return cli::clap_error(&e),
    };
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            cli::print_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}
