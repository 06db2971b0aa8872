//! `serve`: a local preview on 127.0.0.1. The site is built into a folder of its own, served
//! over HTTP, and rebuilt whenever a file under `content/`, `templates/` or `static/` changes;
//! open pages reload themselves after a successful rebuild. A failed rebuild prints its problems
//! and leaves the last good site served.

use http_body_util::Full;
use hyper::body::Bytes;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The longest request address answered: the site's longest path is under 200 bytes.
pub const MAX_URL_BYTES: usize = 4096;

/// The most bytes a request's head (its line and headers) may have, as browsers' own limits
/// go; more is refused with `431` before the rest is read.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// The path pages poll for the number of the latest good build.
pub const RELOAD_PATH: &str = "/__summit_archive/build";

/// The script added to every served page (never to built files): it reloads the page when the
/// build number changes.
const RELOAD_SCRIPT: &str = r#"<script>(function(){var seen=null;function poll(){fetch("/__summit_archive/build",{cache:"no-store"}).then(function(r){return r.text()}).then(function(n){if(seen!==null&&n!==seen){location.reload()}seen=n}).catch(function(){}).then(function(){setTimeout(poll,700)})}poll()})();</script>"#;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {message}")]
    Listen { addr: SocketAddr, message: String },
    #[error("cannot watch {path}: {source}")]
    Watch {
        path: String,
        #[source]
        source: notify::Error,
    },
}

/// A running preview server.
pub struct Server {
    listener: std::net::TcpListener,
    site: Arc<Site>,
}

/// What every connection reads: the built site and the number of its latest good build.
struct Site {
    out: PathBuf,
    build: Arc<AtomicU64>,
}

/// The answer to one request.
type Answer = hyper::Response<Full<Bytes>>;

impl Server {
    /// Listens on 127.0.0.1:`port` (0 picks a free port) and serves `out`.
    pub fn bind(port: u16, out: &Path) -> Result<Server, ServeError> {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let listen_error = |e: std::io::Error| ServeError::Listen {
            addr,
            message: e.to_string(),
        };
        let listener = std::net::TcpListener::bind(addr).map_err(listen_error)?;
        listener.set_nonblocking(true).map_err(listen_error)?;
        Ok(Server {
            listener,
            site: Arc::new(Site {
                out: out.to_path_buf(),
                build: Arc::new(AtomicU64::new(1)),
            }),
        })
    }

    /// The address actually listened on.
    pub fn addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// The counter of good builds, to bump after each successful rebuild.
    pub fn build_counter(&self) -> Arc<AtomicU64> {
        self.site.build.clone()
    }

    /// Calls `rebuild` on a thread of its own after each burst of changes `watch` sees; open
    /// pages reload after each rebuild that it says succeeded.
    pub fn rebuild_on(&self, watch: Watch, mut rebuild: impl FnMut() -> bool + Send + 'static) {
        let counter = self.build_counter();
        std::thread::spawn(move || {
            watch.run(QUIET, || {
                if rebuild() {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
            });
        });
    }

    /// Answers requests until the process ends. HTTP is hyper's, which refuses a request
    /// head larger than [`MAX_HEADER_BYTES`] (`431`) before it is all read, so no request can
    /// make the server hold more than that.
    pub fn run(self) -> Result<(), ServeError> {
        let addr = self.addr().unwrap_or(SocketAddr::from(([127, 0, 0, 1], 0)));
        let listen_error = |e: std::io::Error| ServeError::Listen {
            addr,
            message: e.to_string(),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .map_err(listen_error)?;
        runtime.block_on(async move {
            let listener =
                tokio::net::TcpListener::from_std(self.listener).map_err(listen_error)?;
            loop {
                // A connection that fails to open is the client's problem, not the server's.
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let site = self.site.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let answer = site.answer(&request);
                        async move { Ok::<_, std::convert::Infallible>(answer) }
                    });
                    // A client that goes away mid-request is not an error of the server.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .max_buf_size(MAX_HEADER_BYTES)
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        })
    }
}

impl Site {
    /// A preview only reads: GET and HEAD (whose body hyper leaves out), with a bounded
    /// address and no body.
    fn answer(&self, request: &hyper::Request<hyper::body::Incoming>) -> Answer {
        use hyper::Method;
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            let mut response = refusal(
                405,
                "405 Method Not Allowed: this preview answers GET and HEAD only",
            );
            response.headers_mut().insert(
                hyper::header::ALLOW,
                hyper::header::HeaderValue::from_static("GET, HEAD"),
            );
            return response;
        }
        let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
        if target.len() > MAX_URL_BYTES {
            return refusal(414, "414 URI Too Long");
        }
        let has_body = request
            .headers()
            .get(hyper::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() != "0")
            || request
                .headers()
                .contains_key(hyper::header::TRANSFER_ENCODING);
        if has_body {
            return refusal(413, "413 Content Too Large: a preview request has no body");
        }
        self.respond(request.uri().path())
    }

    /// A 404 with the site's own page for it (`404.html`, as web servers and hosts show it),
    /// or a plain one when the site has none.
    fn not_found(&self) -> Answer {
        match std::fs::read(self.out.join("404.html")) {
            Ok(mut page) => {
                inject_reload(&mut page);
                let mut response = with_type(page, "text/html; charset=utf-8");
                *response.status_mut() = hyper::StatusCode::NOT_FOUND;
                response
            }
            Err(_) => not_found(),
        }
    }

    fn respond(&self, path: &str) -> Answer {
        if path == RELOAD_PATH {
            let n = self.build.load(Ordering::SeqCst).to_string();
            return with_type(n.into_bytes(), "text/plain; charset=utf-8");
        }
        let Some(file) = resolve(&self.out, path) else {
            return self.not_found();
        };
        match std::fs::read(&file) {
            Ok(mut bytes) => {
                let content_type = content_type(&file);
                if content_type.starts_with("text/html") {
                    inject_reload(&mut bytes);
                }
                with_type(bytes, content_type)
            }
            Err(_) => self.not_found(),
        }
    }
}

/// The file under `out` that URL path `path` names, or `None` for anything that would leave
/// `out` or does not exist. A folder means its `index.html`.
pub fn resolve(out: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    let mut file = out.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == ".." || segment == "." || segment.contains('\\') {
            return None;
        }
        file.push(segment);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn inject_reload(html: &mut Vec<u8>) {
    let script = RELOAD_SCRIPT.as_bytes();
    match html.windows(7).rposition(|w| w == b"</body>") {
        Some(at) => {
            html.splice(at..at, script.iter().copied());
        }
        None => html.extend_from_slice(script),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        _ => "application/octet-stream",
    }
}

fn with_type(bytes: Vec<u8>, content_type: &'static str) -> Answer {
    let mut response = hyper::Response::new(Full::new(Bytes::from(bytes)));
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(content_type),
    );
    headers.insert(
        hyper::header::CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("no-store"),
    );
    response
}

fn not_found() -> Answer {
    refusal(404, "404 Not Found")
}

fn refusal(code: u16, text: &'static str) -> Answer {
    let mut response = with_type(text.as_bytes().to_vec(), "text/plain; charset=utf-8");
    *response.status_mut() =
        hyper::StatusCode::from_u16(code).unwrap_or(hyper::StatusCode::BAD_REQUEST);
    response
}

/// How long a burst of changes must have been quiet before a rebuild.
const QUIET: Duration = Duration::from_millis(150);

/// Where a preview is built: the folder given with `--out`, or a temporary one that goes with
/// the preview.
pub struct PreviewFolder {
    temporary: Option<tempfile::TempDir>,
    path: PathBuf,
}

impl PreviewFolder {
    /// `out`, or else a new temporary folder (the preview never touches `public/` unless
    /// asked to).
    pub fn new(out: Option<PathBuf>) -> std::io::Result<PreviewFolder> {
        let temporary = match out {
            Some(_) => None,
            None => Some(
                tempfile::Builder::new()
                    .prefix("summit-archive-serve-")
                    .tempdir()?,
            ),
        };
        let path = out.unwrap_or_else(|| {
            temporary
                .as_ref()
                .map(|d| d.path().join("site"))
                .unwrap_or_default()
        });
        Ok(PreviewFolder { temporary, path })
    }

    /// Where the site is built.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Ends the process on Ctrl-C, SIGTERM and SIGHUP, removing the temporary folder first (a
    /// folder given with `--out` stays: it is a build output like any other).
    pub fn remove_on_signal(&self) -> Result<(), ctrlc::Error> {
        let folder = self.temporary.as_ref().map(|d| d.path().to_path_buf());
        ctrlc::set_handler(move || {
            if let Some(folder) = &folder {
                let _ = std::fs::remove_dir_all(folder);
            }
            std::process::exit(0);
        })
    }
}

/// A watch on the site's sources, registered when made, so that no change made after
/// [`Watch::start`] returns is missed.
pub struct Watch {
    // Kept alive for as long as the watch runs.
    _watcher: notify::RecommendedWatcher,
    events: std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    record: PathBuf,
}

impl Watch {
    /// Watches `content/`, `templates/` and `static/` under `root`.
    pub fn start(root: &Path) -> Result<Watch, ServeError> {
        use notify::{RecursiveMode, Watcher};
        let (tx, events) = std::sync::mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(|source| ServeError::Watch {
            path: root.display().to_string(),
            source,
        })?;
        for folder in ["content", "templates", "static"] {
            let path = root.join(folder);
            if path.is_dir() {
                watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|source| ServeError::Watch {
                        path: path.display().to_string(),
                        source,
                    })?;
            }
        }
        Ok(Watch {
            _watcher: watcher,
            events,
            record: root.join(crate::permalinks::RECORD),
        })
    }

    /// Calls `rebuild` after each burst of changes (a burst ends after `quiet` without
    /// events), until the watch ends.
    pub fn run(self, quiet: Duration, mut rebuild: impl FnMut()) {
        // The build writes the permalink record itself: that change is not an edit.
        let relevant = |event: &notify::Result<notify::Event>| match event {
            Ok(e) => !e.kind.is_access() && e.paths.iter().any(|p| p != &self.record),
            Err(_) => false,
        };
        while let Ok(event) = self.events.recv() {
            if !relevant(&event) {
                continue;
            }
            // Let the burst of events of one save settle.
            while self.events.recv_timeout(quiet).is_ok() {}
            rebuild();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("zh")).unwrap();
        std::fs::write(dir.path().join("zh/index.html"), "x").unwrap();
        assert_eq!(
            resolve(dir.path(), "/zh/"),
            Some(dir.path().join("zh/index.html"))
        );
        assert_eq!(
            resolve(dir.path(), "/zh/%69ndex.html"),
            Some(dir.path().join("zh/index.html"))
        );
        assert_eq!(resolve(dir.path(), "/../etc/passwd"), None);
        assert_eq!(resolve(dir.path(), "/zh/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(dir.path(), "/missing.html"), None);
    }

    #[test]
    fn the_reload_script_goes_before_the_body_ends() {
        let mut html = b"<html><body><p>x</p></body></html>".to_vec();
        inject_reload(&mut html);
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("</script></body></html>"));
        assert!(text.contains(RELOAD_PATH));
    }
}
