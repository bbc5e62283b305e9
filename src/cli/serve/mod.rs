//! `chancery serve [WORKSPACE]`: the reviewers' desk, a local web application (axum on tokio)
//! over the library's API — the same loading, assembly, renderers, redline and provenance as
//! the commands, so a page's statement is what `build` writes and a download is the same bytes.
//!
//! Safe by default: it listens on 127.0.0.1 unless `--host` says otherwise (then it warns); it
//! serves the drafts it finds under `WORKSPACE/drafts/` (by folder name, never by a path taken
//! from the request, and never a folder whose real path leaves the workspace) and its own
//! assets, nothing else; request data is never a template; uploads are size-limited and read
//! through the importer with its protections. A watcher (notify) tells open pages to reload
//! when an input changes (server-sent events); a draft whose inputs stop building shows its
//! problems over the last good build.

mod assets;
mod pages;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use chancery::error::Error;
use clap::Args;
use tokio::sync::broadcast;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery serve\n  chancery serve ~/statements --port 8420 --open\n  chancery serve --host 0.0.0.0   (the whole network can read the drafts: a warning is printed)"
)]
pub(crate) struct ServeArgs {
    /// The workspace (the folder holding drafts/) [default: the current folder].
    workspace: Option<PathBuf>,
    /// The port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8420)]
    port: u16,
    /// The address to listen on. Anything but loopback shows the drafts to the network.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Open the desk in the browser (xdg-open).
    #[arg(long)]
    open: bool,
}

/// The largest DOCX a reviewer may upload to compare with.
pub(crate) const UPLOAD_LIMIT: usize = 16 * 1024 * 1024;

/// What every request shares.
pub(crate) struct Desk {
    /// The workspace as given (paths shown and loaded relative to it, as the commands do).
    root: PathBuf,
    /// Its real path: a draft folder whose real path is not under it is not served.
    real_root: PathBuf,
    /// Tells open pages to reload.
    reload: broadcast::Sender<()>,
    /// The last build of each (draft, copy) that succeeded: shown under the problems when the
    /// inputs stop building.
    last_good: Mutex<HashMap<(String, Option<String>), String>>,
}

/// One draft of the workspace.
#[derive(Debug, Clone)]
pub(crate) struct DraftRef {
    pub(crate) name: String,
    pub(crate) dir: PathBuf,
}

impl Desk {
    /// The drafts under `drafts/`, sorted by name: folders holding a meeting.toml whose real
    /// path stays inside the workspace (a link out of it is skipped).
    pub(crate) fn drafts(&self) -> Vec<DraftRef> {
        let Ok(entries) = std::fs::read_dir(self.root.join("drafts")) else {
            return Vec::new();
        };
        let mut out: Vec<DraftRef> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_str()?.to_owned();
                let dir = self.root.join("drafts").join(&name);
                let real = dir.canonicalize().ok()?;
                (real.starts_with(&self.real_root)
                    && real.join("meeting.toml").is_file()
                    && !name.starts_with('.'))
                .then_some(DraftRef { name, dir })
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// The draft named `name`, if the workspace has one of that name.
    pub(crate) fn draft(&self, name: &str) -> Option<DraftRef> {
        self.drafts().into_iter().find(|d| d.name == name)
    }
}

pub(crate) fn run(args: &ServeArgs) -> Result<u8, Error> {
    let root = args.workspace.clone().unwrap_or_else(|| PathBuf::from("."));
    let real_root = root.canonicalize().map_err(|source| Error::Read {
        path: root.clone(),
        source,
    })?;
    if !real_root.join("drafts").is_dir() {
        return Err(Error::usage(
            format!("`{}` has no drafts/ folder", root.display()),
            "serve a workspace (the folder holding drafts/ and templates/), e.g. `chancery serve .`",
        ));
    }
    let (reload, _) = broadcast::channel(16);
    let desk = Arc::new(Desk {
        root,
        real_root,
        reload,
        last_good: Mutex::new(HashMap::new()),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|source| Error::Read {
            path: "<runtime>".into(),
            source,
        })?;
    runtime.block_on(serve(
        desk,
        SocketAddr::new(args.host, args.port),
        args.open,
    ))
}

fn app(desk: Arc<Desk>) -> Router {
    Router::new()
        .route("/", get(pages::index))
        .route("/events", get(pages::events))
        .route("/assets/{file}", get(assets::asset))
        .route("/d/{name}", get(pages::to_slash))
        .route("/d/{name}/", get(pages::draft))
        .route("/d/{name}/redline", post(pages::upload))
        .route("/d/{name}/{file}", get(pages::download))
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT + 64 * 1024))
        .with_state(desk)
}

async fn serve(desk: Arc<Desk>, addr: SocketAddr, open: bool) -> Result<u8, Error> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| {
            Error::usage(
                format!("cannot listen on {addr}: {source}"),
                "give another --port (0: any free port)",
            )
        })?;
    let bound = listener.local_addr().map_err(|source| Error::Read {
        path: "<socket>".into(),
        source,
    })?;
    if !bound.ip().is_loopback() {
        eprintln!(
            "warning: listening on {bound}: anyone who can reach this address can read the drafts"
        );
    }
    let _watcher = watch(&desk)?;
    eprintln!(
        "chancery desk: http://{bound}/ (workspace {})",
        desk.root.display()
    );
    if open {
        // Best effort: the address is printed either way.
        let _ = std::process::Command::new("xdg-open")
            .arg(format!("http://{bound}/"))
            .spawn();
    }
    axum::serve(listener, app(desk))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|source| Error::Read {
            path: "<socket>".into(),
            source,
        })?;
    Ok(0)
}

/// Watch the workspace; any change to an input (not to an output, a cache or a temporary)
/// tells the open pages to reload.
fn watch(desk: &Arc<Desk>) -> Result<notify::RecommendedWatcher, Error> {
    use notify::{EventKind, RecursiveMode, Watcher};
    let tx = desk.reload.clone();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        let changes = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
        );
        if changes && event.paths.iter().any(|p| is_input(p)) {
            let _ = tx.send(());
        }
    })
    .map_err(|e| watch_error(&desk.root, e))?;
    watcher
        .watch(&desk.real_root, RecursiveMode::Recursive)
        .map_err(|e| watch_error(&desk.root, e))?;
    Ok(watcher)
}

fn watch_error(root: &Path, e: notify::Error) -> Error {
    Error::Read {
        path: root.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Whether a changed path is an input: not under an output folder, a cache or `.git`, and
/// not one of chancery's temporaries.
fn is_input(path: &Path) -> bool {
    let skipped = ["out", "final", ".chancery", ".git", "target"];
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let in_skipped = path
        .components()
        .any(|c| c.as_os_str().to_str().is_some_and(|s| skipped.contains(&s)));
    let temporary = name.starts_with(super::workspace::TEMP_PREFIX) || name.ends_with('~');
    !in_skipped && !temporary
}

#[cfg(test)]
mod tests {
    use super::*;

    // Outputs, caches and temporaries do not make pages reload; inputs do.
    #[test]
    fn only_inputs_reload() {
        assert!(is_input(Path::new("/w/drafts/a/meeting.toml")));
        assert!(is_input(Path::new("/w/templates/clauses/x.md")));
        assert!(!is_input(Path::new("/w/drafts/a/out/statement.pdf")));
        assert!(!is_input(Path::new("/w/.chancery/cache/index")));
        assert!(!is_input(Path::new("/w/drafts/a/.chancery-x1.tmp")));
    }
}
