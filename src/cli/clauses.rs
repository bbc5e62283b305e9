//! `chancery clauses`: list the clause library (embedded defaults plus the workspace's), show
//! one clause with its front matter and body, or (`clauses extract`, in [`super::extract`])
//! propose clauses from an adopted statement.

use std::path::PathBuf;

use chancery::clauses::ClauseOrigin;
use chancery::error::Error;
use clap::{Args, Subcommand};

use super::workspace::load_templates;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery clauses list\n  chancery clauses show next-meeting\n  chancery clauses extract adopted.txt --out drafts/2013-tokyo-1st"
)]
pub(crate) struct ClausesArgs {
    #[command(subcommand)]
    command: Option<ClausesCommand>,
    /// A templates folder to use [default: the nearest templates/ above the current folder].
    #[arg(long, global = true)]
    templates: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum ClausesCommand {
    /// List clauses: id, status, topic, title (the default).
    List,
    /// Show one clause.
    Show {
        /// The clause id.
        id: String,
    },
    /// Propose clause files and a meeting.toml from an adopted statement.
    Extract(super::extract::ExtractArgs),
}

pub(crate) fn run(args: &ClausesArgs) -> Result<u8, Error> {
    if let Some(ClausesCommand::Extract(extract)) = &args.command {
        return super::extract::run(extract);
    }
    let here = std::env::current_dir().ok().map(|d| d.join("meeting.toml"));
    let set = load_templates(here.as_deref(), args.templates.as_deref())?;
    let mut out = String::new();
    match &args.command {
        None | Some(ClausesCommand::List) => {
            let width = set.clauses.iter().map(|c| c.id.len()).max().unwrap_or(2);
            for c in set.clauses.iter() {
                let origin = match c.origin {
                    ClauseOrigin::Embedded => "",
                    ClauseOrigin::Workspace => "  (workspace)",
                };
                out.push_str(&format!(
                    "{:width$}  {:9}  {:14}  {}{origin}\n",
                    c.id,
                    c.status.as_str(),
                    c.topic,
                    c.title
                ));
            }
        }
        Some(ClausesCommand::Extract(_)) => {}
        Some(ClausesCommand::Show { id }) => {
            let Some(c) = set.clauses.get(id) else {
                let hint = match set.clauses.suggest(id) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "`chancery clauses` lists the clauses".to_owned(),
                };
                return Err(Error::usage(format!("unknown clause `{id}`"), hint));
            };
            out.push_str(&format!(
                "id:     {}\ntitle:  {}\ntopic:  {}\nstatus: {}\nfile:   {}\n",
                c.id,
                c.title,
                c.topic,
                c.status.as_str(),
                c.file.display()
            ));
            if let Some(d) = &c.description {
                out.push_str(&format!("about:  {d}\n"));
            }
            for (k, v) in &c.defaults {
                out.push_str(&format!("default {k} = {v}\n"));
            }
            out.push('\n');
            out.push_str(&c.body);
        }
    }
    print!("{out}");
    Ok(0)
}
