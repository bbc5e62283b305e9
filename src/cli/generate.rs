//! `chancery completions <shell>`, `chancery man` and `chancery schema`: shell completions and
//! a man page generated from the same clap definitions as the command line itself, and the
//! inputs' JSON Schemas generated from the types the parser reads, so none drifts from what it
//! describes. Standard output, or (schemas) files written atomically.

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

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery schema meeting > meeting.schema.json\n  chancery schema --out .chancery\n  (then start meeting.toml with `#:schema ../../.chancery/meeting.schema.json` for taplo-based editors)"
)]
pub(crate) struct SchemaArgs {
    /// Which schema to print: `meeting` (meeting.toml) or `clause` (a clause file's front matter).
    #[arg(value_enum)]
    which: Option<SchemaWhich>,
    /// Write every schema into this folder (`meeting.schema.json`, `clause.schema.json`)
    /// instead of printing one.
    #[arg(long, conflicts_with = "which")]
    out: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SchemaWhich {
    Meeting,
    Clause,
}

/// Print one schema, or write them all into a folder.
pub(crate) fn schema(args: &SchemaArgs) -> Result<u8, Error> {
    use chancery::schema::SchemaKind;
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        for kind in SchemaKind::ALL {
            let path = dir.join(kind.file_name());
            super::workspace::write_atomic(&path, kind.to_json().as_bytes(), false)?;
            super::report::info(&format!("wrote {}", path.display()));
        }
        return Ok(0);
    }
    let kind = match args.which.unwrap_or(SchemaWhich::Meeting) {
        SchemaWhich::Meeting => SchemaKind::Meeting,
        SchemaWhich::Clause => SchemaKind::Clause,
    };
    super::write_stdout(kind.to_json().as_bytes())?;
    Ok(0)
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
