//! `chancery completions <shell>` and `chancery man`: shell completions and a man page,
//! generated from the same clap definitions as the command line itself, so they never drift
//! from it. Both write to standard output.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use chancery::error::Error;

use super::Cli;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery completions bash > ~/.local/share/bash-completion/completions/chancery\n  chancery completions zsh > ~/.zfunc/_chancery\n  chancery completions fish > ~/.config/fish/completions/chancery.fish"
)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery man > chancery.1 && man -l chancery.1\n  chancery man build > chancery-build.1"
)]
pub(crate) struct ManArgs {
    /// A command to write the page of (`chancery-<command>`); without it, the page of
    /// `chancery` itself, which lists every command.
    command: Option<String>,
}

/// Write the completion script for `args.shell`.
pub(crate) fn completions(args: &CompletionsArgs) -> Result<u8, Error> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "chancery", &mut out);
    super::write_stdout(&out)?;
    Ok(0)
}

/// Write a man page (roff): `chancery(1)`, or `chancery-<command>(1)`.
pub(crate) fn man(args: &ManArgs) -> Result<u8, Error> {
    let top = Cli::command();
    let page = match &args.command {
        None => top,
        Some(name) => {
            let Some(sub) = top.find_subcommand(name) else {
                let names: Vec<&str> = top.get_subcommands().map(clap::Command::get_name).collect();
                return Err(Error::usage(
                    format!("no command `{name}`"),
                    format!("the commands are {}", names.join(", ")),
                ));
            };
            sub.clone().name(format!("chancery-{name}"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|source| Error::Write {
            path: "<stdout>".into(),
            source,
        })?;
    super::write_stdout(&out)?;
    Ok(0)
}
