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
mod lang;
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
    /// The last page of each (draft, copy, view, base) that built: shown under the problems
    /// when the inputs stop building.
    last_good: Mutex<HashMap<CacheKey, String>>,
    /// The addresses a request may name in its `Host` (the bound one under its names); any
    /// other is refused, so that a web page cannot reach the desk through DNS rebinding.
    hosts: Mutex<Vec<String>>,
    /// `--host` was given: any Host is accepted (the user chose to serve the network).
    open_host: bool,
}

/// What a page's last good build is kept under: draft, copy, view, redline base.
pub(crate) type CacheKey = (String, Option<String>, String, String);

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
                // The folder and its meeting.toml must both really be in the workspace (a
                // link out of it, of either, is not served).
                let meeting = real.join("meeting.toml").canonicalize().ok()?;
                (real.starts_with(&self.real_root)
                    && meeting.starts_with(&self.real_root)
                    && meeting.is_file()
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

    /// Whether `path` (a file a page is about to read) really is inside the workspace.
    pub(crate) fn contains(&self, path: &Path) -> bool {
        path.canonicalize()
            .is_ok_and(|real| real.starts_with(&self.real_root))
    }

    /// Whether `drafts/<name>` is a folder of the workspace that was a draft (its meeting.toml
    /// is gone, or does not read): its page then shows why, over its last good build.
    pub(crate) fn was_draft(&self, name: &str) -> bool {
        self.last_good
            .lock()
            .is_ok_and(|c| c.keys().any(|k| k.0 == name))
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
        hosts: Mutex::new(Vec::new()),
        open_host: !args.host.is_loopback(),
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
    let guard = axum::middleware::from_fn_with_state(Arc::clone(&desk), guard);
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
        .layer(guard)
        .with_state(desk)
}

/// Every request: a `Host` the desk answers to (unless `--host` opened it), a form posted from
/// the desk's own pages only; every answer: no framing, nothing loaded from elsewhere.
async fn guard(
    axum::extract::State(desk): axum::extract::State<Arc<Desk>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let allowed = desk.hosts.lock().map(|h| h.clone()).unwrap_or_default();
    if !desk.open_host && !allowed.contains(&host) {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "this desk answers to 127.0.0.1 and localhost only\n",
        )
            .into_response();
    }
    if request.method() == axum::http::Method::POST
        && let Some(origin) = request
            .headers()
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
        && origin != format!("http://{host}")
    {
        return (
            StatusCode::FORBIDDEN,
            "forms are taken from the desk's own pages only\n",
        )
            .into_response();
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    response
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
        super::report::warn(&format!(
            "listening on {bound}: anyone who can reach this address can read the drafts"
        ));
    }
    if let Ok(mut hosts) = desk.hosts.lock() {
        let port = bound.port();
        *hosts = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
            bound.to_string(),
        ];
    }
    let _watcher = watch(&desk)?;
    super::report::status(&format!(
        "chancery desk: http://{bound}/ (workspace {})",
        desk.root.display()
    ));
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

/// Whether a changed path is an input a page is built from (a meeting.toml or other TOML, a
/// clause, a template, an adopted text), not under an output folder, a cache or `.git`, and
/// not an editor's or chancery's temporary (hidden files, `#…#`, `…~`).
fn is_input(path: &Path) -> bool {
    let skipped = ["out", "final", ".chancery", ".git", "target"];
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let in_skipped = path
        .components()
        .any(|c| c.as_os_str().to_str().is_some_and(|s| skipped.contains(&s)));
    let temporary = name.starts_with('.') || name.starts_with('#') || name.ends_with('~');
    let kind = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let input = matches!(kind, "toml" | "md" | "hbs" | "txt" | "docx");
    !in_skipped && !temporary && input
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
        assert!(!is_input(Path::new("/w/drafts/a/.meeting.toml.swp")));
        assert!(!is_input(Path::new("/w/drafts/a/#meeting.toml#")));
        assert!(!is_input(Path::new("/w/notes.pdf")));
    }
}
