//! `serve`: a local preview on 127.0.0.1. The site is built into a folder of its own, served
//! over HTTP, and rebuilt whenever a file under `content/`, `templates/` or `static/` changes;
//! open pages reload themselves after a successful rebuild. A failed rebuild prints its problems
//! and leaves the last good site served.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The longest request address answered: the site's longest path is under 200 bytes.
pub const MAX_URL_BYTES: usize = 4096;

/// The most header bytes a request may send, as browsers' own limits go.
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
    http: tiny_http::Server,
    out: PathBuf,
    build: Arc<AtomicU64>,
}

impl Server {
    /// Listens on 127.0.0.1:`port` (0 picks a free port) and serves `out`.
    pub fn bind(port: u16, out: &Path) -> Result<Server, ServeError> {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let http = tiny_http::Server::http(addr).map_err(|e| ServeError::Listen {
            addr,
            message: e.to_string(),
        })?;
        Ok(Server {
            http,
            out: out.to_path_buf(),
            build: Arc::new(AtomicU64::new(1)),
        })
    }

    /// The address actually listened on.
    pub fn addr(&self) -> Option<SocketAddr> {
        self.http.server_addr().to_ip()
    }

    /// The counter of good builds, to bump after each successful rebuild.
    pub fn build_counter(&self) -> Arc<AtomicU64> {
        self.build.clone()
    }

    /// Answers requests until the process ends.
    pub fn run(&self) {
        for request in self.http.incoming_requests() {
            let response = self.answer(&request);
            // A client that went away is not an error of the server.
            let _ = request.respond(response);
        }
    }

    /// A preview only reads: GET and HEAD (whose body the server leaves out), with a bounded
    /// address and headers and no body.
    fn answer(
        &self,
        request: &tiny_http::Request,
    ) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        use tiny_http::Method;
        if !matches!(request.method(), Method::Get | Method::Head) {
            let mut response = refusal(
                405,
                "405 Method Not Allowed: this preview answers GET and HEAD only",
            );
            if let Ok(h) = tiny_http::Header::from_bytes(&b"Allow"[..], &b"GET, HEAD"[..]) {
                response.add_header(h);
            }
            return response;
        }
        if request.url().len() > MAX_URL_BYTES {
            return refusal(414, "414 URI Too Long");
        }
        let headers: usize = request
            .headers()
            .iter()
            .map(|h| h.field.as_str().as_str().len() + h.value.as_str().len() + 4)
            .sum();
        if headers > MAX_HEADER_BYTES {
            return refusal(431, "431 Request Header Fields Too Large");
        }
        if request.body_length().is_some_and(|n| n > 0) {
            return refusal(413, "413 Content Too Large: a preview request has no body");
        }
        self.respond(request.url())
    }

    fn respond(&self, url: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let path = url.split(['?', '#']).next().unwrap_or("/");
        if path == RELOAD_PATH {
            let n = self.build.load(Ordering::SeqCst).to_string();
            return with_type(n.into_bytes(), "text/plain; charset=utf-8");
        }
        let Some(file) = resolve(&self.out, path) else {
            return not_found();
        };
        match std::fs::read(&file) {
            Ok(mut bytes) => {
                let content_type = content_type(&file);
                if content_type.starts_with("text/html") {
                    inject_reload(&mut bytes);
                }
                with_type(bytes, content_type)
            }
            Err(_) => not_found(),
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

fn with_type(bytes: Vec<u8>, content_type: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut response = tiny_http::Response::from_data(bytes);
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type.as_bytes()) {
        response.add_header(h);
    }
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..]) {
        response.add_header(h);
    }
    response
}

fn not_found() -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    refusal(404, "404 Not Found")
}

fn refusal(code: u16, text: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    with_type(text.as_bytes().to_vec(), "text/plain; charset=utf-8").with_status_code(code)
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
